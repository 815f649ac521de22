package io.waxwing.run.internal;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.engine.Activation;
import io.waxwing.engine.EngineConfig;
import io.waxwing.engine.Envelope;
import io.waxwing.engine.RecoveryStore;
import io.waxwing.engine.WorkerEngine;
import io.waxwing.inputs.AbortExecution;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One worker: drives its {@link WorkerEngine} in activations, one per message turn, and carries
 * the engine's exchange messages to and from its peers. Sleeps on a timer when the engine is idle;
 * tells the coordinator which epochs it has stored, when it finished, and when it failed.
 */
public final class WorkerActor extends AbstractBehavior<WorkerActor.Command> {

    /** The worker's protocol. */
    public sealed interface Command {
    }

    /** Builds the engine and starts; {@code peers} are every worker of the execution, by index. */
    public record Start(List<ActorRef<Command>> peers) implements Command {
    }

    /** An exchange message from a peer (or from this worker to itself). */
    public record Deliver(Envelope envelope) implements Command {
    }

    private enum Activate implements Command {
        INSTANCE
    }

    private enum Wake implements Command {
        INSTANCE
    }

    private final int index;
    private final int workerCount;
    private final Dataflow flow;
    private final EngineConfig config;
    private final RecoveryStore store;
    private final long startEpoch;
    private final ActorRef<ExecutionCoordinator.Command> coordinator;
    private final TimerScheduler<Command> timers;
    private WorkerEngine engine;
    /** Messages from peers that started first; delivered once this worker's engine exists. */
    private final List<Envelope> early = new ArrayList<>();
    private boolean activationQueued;
    private long reportedEpoch;
    private boolean stopped;

    public static Behavior<Command> create(int index, int workerCount, Dataflow flow, EngineConfig config,
            RecoveryStore store, long startEpoch, ActorRef<ExecutionCoordinator.Command> coordinator) {
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> new WorkerActor(ctx, timers, index, workerCount,
                flow, config, store, startEpoch, coordinator)));
    }

    private WorkerActor(ActorContext<Command> ctx, TimerScheduler<Command> timers, int index, int workerCount,
            Dataflow flow, EngineConfig config, RecoveryStore store, long startEpoch,
            ActorRef<ExecutionCoordinator.Command> coordinator) {
        super(ctx);
        this.timers = timers;
        this.index = index;
        this.workerCount = workerCount;
        this.flow = flow;
        this.config = config;
        this.store = store;
        this.startEpoch = startEpoch;
        this.reportedEpoch = startEpoch - 1;
        this.coordinator = coordinator;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Start.class, this::onStart)
                .onMessage(Deliver.class, this::onDeliver)
                .onMessageEquals(Activate.INSTANCE, this::onActivate)
                .onMessageEquals(Wake.INSTANCE, this::onActivate)
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onStart(Start start) {
        List<ActorRef<Command>> peers = List.copyOf(start.peers());
        try {
            engine = new WorkerEngine(flow, index, workerCount,
                    (to, envelope) -> peers.get(to).tell(new Deliver(envelope)), store, startEpoch, config);
        } catch (RuntimeException e) {
            return fail(e);
        }
        early.forEach(engine::deliver);
        early.clear();
        return queueActivation();
    }

    private Behavior<Command> onDeliver(Deliver deliver) {
        if (stopped) {
            return this;
        }
        if (engine == null) {
            early.add(deliver.envelope());
            return this;
        }
        engine.deliver(deliver.envelope());
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
        } catch (AbortExecution abort) {
            stopped = true;
            coordinator.tell(new ExecutionCoordinator.Aborted(index));
            return this;
        } catch (RuntimeException | Error e) {
            return fail(e);
        }
        if (engine.storedEpoch() > reportedEpoch) {
            reportedEpoch = engine.storedEpoch();
            coordinator.tell(new ExecutionCoordinator.Stored(index, reportedEpoch, engine.finished()));
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
            case DONE -> {
                stopped = true;
                coordinator.tell(new ExecutionCoordinator.Stored(index, engine.storedEpoch(), true));
            }
        }
        return this;
    }

    private Behavior<Command> fail(Throwable e) {
        stopped = true;
        coordinator.tell(new ExecutionCoordinator.Failed(index, e));
        return this;
    }

    private Behavior<Command> onPostStop() {
        if (engine != null) {
            engine.close();
        }
        return this;
    }
}
