package io.waxwing.run.internal;

import io.waxwing.engine.Activation;
import io.waxwing.engine.DataflowPlan;
import io.waxwing.engine.EngineConfig;
import io.waxwing.engine.Envelope;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.engine.WorkerEngine;
import io.waxwing.errors.WaxwingRuntimeException;
import io.waxwing.inputs.AbortExecution;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One worker: drives its {@link WorkerEngine} in activations, one per message turn, and carries
 * the engine's exchange messages to and from its peers — by reference within the process (to
 * itself, straight into its engine), as bytes encoded here to peers in other processes. Sleeps on
 * a timer when the engine is idle; tells the coordinator which epochs it has stored and when it
 * finished or aborted, and its process supervisor when it failed.
 */
public final class WorkerActor extends AbstractBehavior<WorkerActor.Command> {

    /** The worker's protocol. */
    public sealed interface Command {
    }

    /**
     * Builds the engine and starts at {@code startEpoch}, resuming from {@code store}; {@code peers}
     * are every worker of the execution, by global index.
     */
    public record Start(List<ActorRef<Command>> peers, ActorRef<ExecutionCoordinator.Command> coordinator,
            RecoveryStore store, long startEpoch) implements Command {
    }

    /** An exchange message from a peer in this process. */
    public record Deliver(Envelope envelope) implements Command {
    }

    /** Exchange messages from a peer in another process: an {@link EnvelopeCodec} frame. */
    public record RemoteBatch(byte[] payload) implements Command {
    }

    /**
     * The execution stops (an abort, a stop request): stop reading inputs, report the last epoch
     * they closed ({@link ExecutionCoordinator.InputsStopped}), and go on storing what is in flight.
     */
    public record StopInputs(String reason) implements Command, ClusterMessage {
    }

    /** This worker's engine was built, its resume state loaded (or that failed). */
    private record EngineBuilt(WorkerEngine engine, Throwable failure) implements Command {
    }

    private enum Activate implements Command {
        INSTANCE
    }

    private enum Wake implements Command {
        INSTANCE
    }

    private final int index;
    private final int workerCount;
    private final DataflowPlan flow;
    private final EngineConfig config;
    private final ActorRef<ProcessSupervisor.Command> supervisor;
    private final EnvelopeCodec codec;
    private final TimerScheduler<Command> timers;
    private ActorRef<ExecutionCoordinator.Command> coordinator;
    private WorkerEngine engine;
    /** The engine being built off this actor's thread, from {@link Start} until {@link EngineBuilt}. */
    private CompletableFuture<WorkerEngine> building;
    /** Envelopes on their way to peers in other processes, sent when full or after an activation. */
    private EnvelopeCodec.Frames frames;
    /** Messages from peers that started first; delivered once this worker's engine exists. */
    private final List<Envelope> early = new ArrayList<>();
    /** Frames from peers in other processes that started first; decoded once the engine exists (it names their steps). */
    private final List<RemoteBatch> earlyFrames = new ArrayList<>();
    /** Whether each worker of the execution, by global index, is in this process; set by {@link Start}. */
    private boolean[] local;
    private boolean activationQueued;
    private long reportedEpoch;
    private boolean stopped;
    /** A {@link StopInputs} arrived before {@link Start}. */
    private boolean stopInputsEarly;

    public static Behavior<Command> create(int index, int workerCount, DataflowPlan flow, EngineConfig config,
            ActorRef<ProcessSupervisor.Command> supervisor, EnvelopeCodec codec) {
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> new WorkerActor(ctx, timers, index, workerCount,
                flow, config, supervisor, codec)));
    }

    private WorkerActor(ActorContext<Command> ctx, TimerScheduler<Command> timers, int index, int workerCount,
            DataflowPlan flow, EngineConfig config, ActorRef<ProcessSupervisor.Command> supervisor, EnvelopeCodec codec) {
        super(ctx);
        this.timers = timers;
        this.index = index;
        this.workerCount = workerCount;
        this.flow = flow;
        this.config = config;
        this.supervisor = supervisor;
        this.codec = codec;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Start.class, this::onStart)
                .onMessage(EngineBuilt.class, this::onEngineBuilt)
                .onMessage(Deliver.class, d -> onEnvelope(d.envelope()))
                .onMessage(RemoteBatch.class, this::onRemoteBatch)
                .onMessage(StopInputs.class, this::onStopInputs)
                .onMessageEquals(Activate.INSTANCE, this::onActivate)
                .onMessageEquals(Wake.INSTANCE, this::onActivate)
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onStart(Start start) {
        coordinator = start.coordinator();
        reportedEpoch = start.startEpoch() - 1;
        List<ActorRef<Command>> peers = List.copyOf(start.peers());
        boolean[] local = this.local = new boolean[peers.size()];
        for (int i = 0; i < local.length; i++) {
            local[i] = peers.get(i).path().address().hasLocalScope();
        }
        frames = codec.frames(peers.size(), (to, frame) -> {
            config.metrics().frameSent(index, frame.length); // OPERATIONS HOOK (issue 16)
            peers.get(to).tell(new RemoteBatch(frame));
        });
        // Building the engine loads this worker's resume state from the recovery store, which waits
        // for journals (or for other processes' partitions): off this actor's thread, on Pekko's
        // dispatcher for blocking calls (not the recovery dispatcher, whose one thread serves the
        // partition requests such a load may wait for). The engine is this actor's once
        // EngineBuilt arrives; its exchange callback runs only from activations, on this thread.
        Executor journals = getContext().getSystem().dispatchers().lookup(DispatcherSelector.blocking());
        ActorRef<Command> me = getContext().getSelf();
        building = CompletableFuture.supplyAsync(() -> {
            WorkerEngine[] self = new WorkerEngine[1];
            self[0] = new WorkerEngine(flow, index, workerCount, (to, envelope) -> {
                if (to == index) {
                    // To itself: taken at once, as runMain does, not through the mailbox: no
                    // mailbox turn per batch, and a batch filled in the middle of a source batch
                    // is processed between its slices, while its items are still in cache.
                    self[0].deliver(envelope);
                } else if (local[to]) {
                    peers.get(to).tell(new Deliver(envelope));
                } else {
                    add(self[0], to, envelope);
                }
            }, start.store(), start.startEpoch(), config);
            self[0].onStoreProgress(() -> me.tell(Wake.INSTANCE));
            return self[0];
        }, journals);
        getContext().pipeToSelf(building, EngineBuilt::new);
        return this;
    }

    private Behavior<Command> onEngineBuilt(EngineBuilt built) {
        building = null;
        if (built.failure() != null) {
            Throwable cause = built.failure() instanceof CompletionException ce && ce.getCause() != null
                    ? ce.getCause() : built.failure();
            return fail(cause);
        }
        engine = built.engine();
        early.forEach(engine::deliver);
        early.clear();
        for (RemoteBatch frame : earlyFrames) {
            onRemoteBatch(frame);
        }
        earlyFrames.clear();
        if (stopped) {
            return this;
        }
        if (stopInputsEarly) {
            onStopInputs(new StopInputs("requested before this worker started"));
        }
        return queueActivation();
    }

    private void add(WorkerEngine engine, int to, Envelope envelope) {
        String stepId = engine.exchangeStepId(envelope.exchange());
        try {
            frames.add(to, envelope, stepId);
        } catch (EnvelopeCodec.UnencodableException e) {
            throw new WaxwingRuntimeException(stepId, e.getMessage(), e);
        }
    }

    private Behavior<Command> onRemoteBatch(RemoteBatch batch) {
        if (stopped) {
            return this;
        }
        if (engine == null) {
            earlyFrames.add(batch);
            return this;
        }
        config.metrics().frameReceived(index, batch.payload().length); // OPERATIONS HOOK (issue 16)
        List<Envelope> envelopes;
        try {
            envelopes = codec.decode(batch.payload());
        } catch (EnvelopeCodec.UndecodableException e) {
            // Not thrown: Pekko would stop this actor with one log line and the execution would wait
            // for it forever. Failing through the supervisor stops every process.
            return fail(undecodable(e));
        }
        for (Envelope envelope : envelopes) {
            onEnvelope(envelope);
        }
        return this;
    }

    /** A batch from another process that cannot be read here, as the failure of the step that sent it. */
    private RuntimeException undecodable(EnvelopeCodec.UndecodableException e) {
        String stepId = engine != null && e.exchange() >= 0 ? engine.exchangeStepId(e.exchange()) : null;
        String from = e.fromWorker() < 0 ? "another process" : describeWorker(e.fromWorker());
        String message = "an item sent by " + from + " cannot be decoded by " + describeWorker(index) + ": "
                + e.getMessage().replaceAll("(?s)\\s*at \\[Source: .*", "").strip().replaceAll("\\s*\\R\\s*", " ")
                + "; every item that crosses processes must be decodable there (see docs/deployment.md)";
        return stepId != null ? new WaxwingRuntimeException(stepId, message, e)
                : new IllegalStateException(message, e);
    }

    /** "worker W of process P", P counted from the workers that share this process. */
    private String describeWorker(int worker) {
        int perProcess = 0;
        if (local != null) {
            for (boolean l : local) {
                perProcess += l ? 1 : 0;
            }
        }
        return perProcess == 0 ? "worker " + worker : "process " + worker / perProcess + " (worker " + worker + ")";
    }

    private Behavior<Command> onEnvelope(Envelope envelope) {
        if (stopped) {
            return this;
        }
        if (engine == null) {
            early.add(envelope);
            return this;
        }
        engine.deliver(envelope);
        return queueActivation();
    }

    private Behavior<Command> queueActivation() {
        if (!activationQueued) {
            activationQueued = true;
            getContext().getSelf().tell(Activate.INSTANCE);
        }
        return this;
    }

    private Behavior<Command> onActivate() {
        activationQueued = false;
        if (engine == null || stopped) {
            return this;
        }
        Activation a;
        try {
            a = engine.activate();
            frames.flush();
        } catch (AbortExecution abort) {
            // The engine stopped its inputs; the coordinator stops everyone else's, and this worker
            // goes on until the epochs closed before the abort are stored.
            frames.flush();
            coordinator.tell(new ExecutionCoordinator.Aborted(index));
            a = Activation.READY;
        } catch (RuntimeException | Error e) {
            return fail(e);
        }
        if (engine.storedEpoch() > reportedEpoch || a == Activation.DONE) {
            reportedEpoch = engine.storedEpoch();
            coordinator.tell(new ExecutionCoordinator.Stored(index, reportedEpoch, a == Activation.DONE));
        }
        switch (a) {
            case READY -> queueActivation();
            case IDLE -> {
                Instant wake = engine.nextWake();
                if (wake != null) {
                    Duration d = Duration.between(config.clock().instant(), wake);
                    if (d.isNegative() || d.isZero()) {
                        queueActivation();
                    } else {
                        timers.startSingleTimer(Wake.INSTANCE, d);
                    }
                }
            }
            case DONE -> stopped = true;
        }
        return this;
    }

    private Behavior<Command> onStopInputs(StopInputs stop) {
        if (coordinator == null || building != null) {
            // Overtook this worker's Start (they come by different paths), or arrived while the
            // engine is being built: stop once started.
            stopInputsEarly = true;
            return this;
        }
        long closed = Long.MAX_VALUE;
        if (engine != null && !stopped) {
            engine.stopInputs();
            closed = engine.inputsClosedEpoch();
            queueActivation();
        }
        coordinator.tell(new ExecutionCoordinator.InputsStopped(index, closed));
        return this;
    }

    private Behavior<Command> fail(Throwable e) {
        stopped = true;
        // An out-of-memory error is the JVM's problem, not the dataflow's: the process-wide handler
        // decides (the launcher's ends the process at once); reporting it through actors needs memory.
        OutOfMemoryHandOff.handOff(Thread.currentThread(), e);
        supervisor.tell(new ProcessSupervisor.WorkerFailed(index, e));
        return this;
    }

    private Behavior<Command> onPostStop() {
        if (engine != null) {
            engine.close();
        } else if (building != null) {
            // Stopped while the engine was being built: close it once it is.
            building.thenAccept(WorkerEngine::close);
        }
        return this;
    }
}
