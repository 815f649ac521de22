package io.waxwing.run.internal;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.engine.EngineConfig;
import io.waxwing.engine.RecoveryStore;
import io.waxwing.errors.WaxwingException;
import io.waxwing.errors.WaxwingRuntimeException;
import io.waxwing.recovery.RecoveryConfig;
import io.waxwing.recovery.RecoveryException;
import io.waxwing.recovery.internal.PartitionedStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guardian of this process's ActorSystem for one execution: spawns this process's workers
 * (and, in process 0, the coordinator), registers them with the coordinator, applies commits to
 * this process's recovery store, watches the other processes, and ends the execution here —
 * completing {@code result} — when the coordinator says so, or at once when a peer process is lost
 * or the cluster does not form in time.
 */
public final class ProcessSupervisor extends AbstractBehavior<ProcessSupervisor.Command> {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSupervisor.class);

    /** The supervisor's protocol. */
    public sealed interface Command {
    }

    /**
     * Every worker has stored every epoch up to {@code epoch}; every process has recorded the
     * commit of {@code safeEpoch} in its recovery partitions.
     */
    public record Commit(long epoch, long safeEpoch) implements Command, ClusterMessage {
    }

    /** Every process's recovery partitions were checked together: void what follows the resume epoch. */
    public record Resume(PartitionedStore.Agreement agreement) implements Command, ClusterMessage {
    }

    /**
     * The cluster has formed: start this process's workers at {@code startEpoch}. {@code servers}
     * and {@code partitionCount} describe the recovery partitions when they are spread over the
     * processes (else empty and 0).
     */
    public record Begin(List<ActorRef<WorkerActor.Command>> workers, long startEpoch,
            List<ActorRef<PartitionServer.Command>> servers, int partitionCount) implements Command, ClusterMessage {
    }

    /**
     * The execution ended: normally when {@code failure} is {@code null}. {@code recoveryKind} is set
     * when the recovery store was refused ({@link RecoveryFailures}).
     */
    public record Finish(String stepId, String failure, String recoveryKind) implements Command, ClusterMessage {
        static Finish ok() {
            return new Finish(null, null, null);
        }

        static Finish failed(String stepId, String failure) {
            return new Finish(stepId, failure, null);
        }
    }

    /** A worker of this process failed. */
    public record WorkerFailed(int worker, Throwable error) implements Command {
    }

    /** Stop at the next safe point (signal, {@code Execution.requestStop()}). */
    public enum StopLocal implements Command {
        INSTANCE
    }

    private enum FormationTimeout implements Command {
        INSTANCE
    }

    /** This process has joined the cluster and is up. */
    private record SelfUp(org.apache.pekko.cluster.typed.SelfUp event) implements Command {
    }

    /** Time to send the registration again, until the coordinator has started the workers. */
    private enum RegisterAgain implements Command {
        INSTANCE
    }

    private record Reachability(ClusterEvent.ReachabilityEvent event) implements Command {
    }

    private record Membership(ClusterEvent.MemberEvent event) implements Command {
    }

    /** A commit was recorded in this process's partitions, or failed. */
    private record CommitWritten(long epoch, Throwable failure) implements Command {
    }

    /**
     * What a process needs to take part in an execution. When the recovery partitions are spread
     * over the processes, {@code recovery} is set and this process opened its own share of them
     * ({@code share}), or failed to ({@code shareFailure}); otherwise {@code store} is the whole
     * store (or none) and {@code startEpoch} the first epoch. In process 0, the coordinator adds
     * to {@code endedProcesses} every other process that has ended its part.
     */
    public record Plan(Dataflow flow, List<String> addresses, int procId, int workersPerProc, EngineConfig config,
            RecoveryStore store, long startEpoch, DataflowFingerprint fingerprint, Duration formationTimeout,
            long maxFrameBytes, long exchangeMessageBytes, RecoveryConfig recovery, PartitionedStore share,
            RecoveryException shareFailure, Duration recoveryTimeout, int recoveryMessageBytes,
            Set<Integer> endedProcesses) {
        int procCount() {
            return Math.max(1, addresses.size());
        }

        boolean clustered() {
            return !addresses.isEmpty();
        }
    }

    private final Plan plan;
    private static final String COORDINATOR_NAME = "coordinator";

    private final CompletableFuture<Void> result;
    private final TimerScheduler<Command> timers;
    private final List<ActorRef<WorkerActor.Command>> workers = new ArrayList<>();
    private ActorRef<ExecutionCoordinator.Command> coordinator;
    private ActorRef<PartitionServer.Command> server;
    private DistributedStore distributed;
    /** The commits handed to the recovery dispatcher, in order; the last one completes this. */
    private CompletableFuture<Void> commits = CompletableFuture.completedFuture(null);
    private Throwable localFailure;
    private boolean started;
    private boolean finished;

    public static Behavior<Command> create(Plan plan, CompletableFuture<Void> result) {
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> new ProcessSupervisor(ctx, timers, plan, result)));
    }

    private ProcessSupervisor(ActorContext<Command> ctx, TimerScheduler<Command> timers, Plan plan,
            CompletableFuture<Void> result) {
        super(ctx);
        this.plan = plan;
        this.result = result;
        this.localFailure = plan.shareFailure();
        int total = plan.procCount() * plan.workersPerProc();
        EnvelopeCodec codec = new EnvelopeCodec(plan.maxFrameBytes(), plan.exchangeMessageBytes());
        DispatcherSelector dispatcher = DispatcherSelector.fromConfig("waxwing.worker-dispatcher");
        for (int i = 0; i < plan.workersPerProc(); i++) {
            int index = plan.procId() * plan.workersPerProc() + i;
            workers.add(ctx.spawn(WorkerActor.create(index, total, plan.flow(), plan.config(), ctx.getSelf(), codec),
                    "worker-" + index, dispatcher));
        }
        if (plan.share() != null) {
            server = ctx.spawn(PartitionServer.create(plan.share()), "partitions",
                    DispatcherSelector.fromConfig("waxwing.recovery-dispatcher"));
        }
        this.timers = timers;
        if (plan.procId() == 0) {
            coordinator = ctx.spawn(ExecutionCoordinator.create(plan.procCount(), plan.workersPerProc(),
                    plan.fingerprint(), plan.startEpoch(),
                    plan.recovery() == null ? "" : plan.recovery().dbDir().toString(), plan.endedProcesses()),
                    COORDINATOR_NAME);
        } else {
            // The coordinator is a child of process 0's guardian: its address is known in advance.
            coordinator = ActorRefResolver.get(ctx.getSystem()).resolveActorRef(
                    "pekko://" + ctx.getSystem().name() + "@" + plan.addresses().get(0) + "/user/" + COORDINATOR_NAME);
        }
        if (!plan.clustered()) {
            register();
        } else {
            Cluster cluster = Cluster.get(ctx.getSystem());
            cluster.subscriptions().tell(Subscribe.create(
                    ctx.messageAdapter(org.apache.pekko.cluster.typed.SelfUp.class, SelfUp::new),
                    org.apache.pekko.cluster.typed.SelfUp.class));
            cluster.subscriptions().tell(Subscribe.create(
                    ctx.messageAdapter(ClusterEvent.ReachabilityEvent.class, Reachability::new),
                    ClusterEvent.ReachabilityEvent.class));
            cluster.subscriptions().tell(Subscribe.create(
                    ctx.messageAdapter(ClusterEvent.MemberEvent.class, Membership::new),
                    ClusterEvent.MemberEvent.class));
            timers.startSingleTimer(FormationTimeout.INSTANCE, plan.formationTimeout());
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(SelfUp.class, up -> register())
                .onMessageEquals(RegisterAgain.INSTANCE, this::register)
                .onMessage(Resume.class, this::onResume)
                .onMessage(Begin.class, this::onBegin)
                .onMessage(Commit.class, this::onCommit)
                .onMessage(CommitWritten.class, this::onCommitWritten)
                .onMessage(Finish.class, this::onFinish)
                .onMessage(WorkerFailed.class, this::onWorkerFailed)
                .onMessageEquals(StopLocal.INSTANCE, this::onStop)
                .onMessageEquals(FormationTimeout.INSTANCE, this::onFormationTimeout)
                .onMessage(Reachability.class, r -> onReachability(r.event()))
                .onMessage(Membership.class, m -> onMembership(m.event()))
                .build();
    }

    /**
     * Registers this process's workers with the coordinator; in a cluster, once this process is
     * up, and again every half second until the coordinator has started the execution (process 0
     * may not be up yet, and a message to it would be lost).
     */
    private Behavior<Command> register() {
        if (started || finished) {
            return this;
        }
        coordinator.tell(new ExecutionCoordinator.Register(plan.procId(), plan.fingerprint(), List.copyOf(workers),
                getContext().getSelf(), share()));
        if (plan.clustered()) {
            timers.startSingleTimer(RegisterAgain.INSTANCE, Duration.ofMillis(500));
        }
        return this;
    }

    /** This process's recovery partitions, as the coordinator needs to know them; {@code null} if not spread. */
    private ExecutionCoordinator.RecoveryShare share() {
        if (plan.recovery() == null) {
            return null;
        }
        if (plan.shareFailure() != null) {
            return new ExecutionCoordinator.RecoveryShare(List.of(), null,
                    RecoveryFailures.kindOf(plan.shareFailure()), plan.shareFailure().getMessage());
        }
        return new ExecutionCoordinator.RecoveryShare(plan.share().summaries(), server, null, null);
    }

    private Behavior<Command> onResume(Resume r) {
        // The coordinator has every registration: no need to send ours again.
        timers.cancel(RegisterAgain.INSTANCE);
        if (finished) {
            return this;
        }
        try {
            plan.share().resumeFrom(r.agreement());
        } catch (RuntimeException e) {
            coordinator.tell(new ExecutionCoordinator.Failed(plan.procId(), null, String.valueOf(e.getMessage())));
            return finish(Finish.failed(null, String.valueOf(e.getMessage())), e);
        }
        coordinator.tell(new ExecutionCoordinator.Resumed(plan.procId()));
        return this;
    }

    private Behavior<Command> onBegin(Begin b) {
        started = true;
        timers.cancel(RegisterAgain.INSTANCE);
        if (finished) {
            return this;
        }
        RecoveryStore store = plan.store();
        if (plan.share() != null) {
            distributed = new DistributedStore(getContext().getSystem(), plan.share(), plan.procId(), b.servers(),
                    b.partitionCount(), plan.recoveryTimeout(), plan.recoveryMessageBytes());
            store = distributed;
        }
        for (ActorRef<WorkerActor.Command> w : workers) {
            w.tell(new WorkerActor.Start(b.workers(), coordinator, store, b.startEpoch()));
        }
        LOG.info("execution of {} started with {} workers at epoch {}", plan.flow().flowId(),
                plan.procCount() * plan.workersPerProc(), b.startEpoch());
        return this;
    }

    /**
     * Records the commit in this process's recovery partitions on the recovery dispatcher, after
     * the commits before it, so that this actor never waits for a journal.
     */
    private Behavior<Command> onCommit(Commit c) {
        if (finished) {
            return this;
        }
        Executor journals = getContext().getSystem().dispatchers()
                .lookup(DispatcherSelector.fromConfig("waxwing.recovery-dispatcher"));
        DistributedStore spread = distributed;
        commits = commits.thenRunAsync(() -> {
            long t0 = System.nanoTime();
            if (spread != null) {
                spread.commit(c.epoch(), c.safeEpoch());
            } else {
                plan.store().commit(c.epoch());
            }
            plan.config().metrics().committed(c.epoch(), System.nanoTime() - t0); // OPERATIONS HOOK (issue 16)
        }, journals);
        // Piped as the epoch, not the Void result: should this actor have stopped, the adapted
        // message becomes a dead letter, and Pekko's dead-letter logger fails on a null message.
        getContext().pipeToSelf(commits.thenApply(ok -> c.epoch()),
                (epoch, failure) -> new CommitWritten(c.epoch(), failure));
        return this;
    }

    private Behavior<Command> onCommitWritten(CommitWritten w) {
        if (w.failure() != null) {
            Throwable cause = w.failure() instanceof CompletionException ce && ce.getCause() != null
                    ? ce.getCause() : w.failure();
            return finish(Finish.failed(null, "committing epoch " + w.epoch() + " failed: " + cause), cause);
        }
        coordinator.tell(new ExecutionCoordinator.CommitDone(plan.procId(), w.epoch()));
        return this;
    }

    private Behavior<Command> onFinish(Finish f) {
        return finish(f, localFailure);
    }

    private Behavior<Command> onWorkerFailed(WorkerFailed f) {
        if (localFailure == null) {
            localFailure = f.error();
        }
        String stepId = null;
        String description = f.error().toString();
        if (f.error() instanceof WaxwingRuntimeException w) {
            stepId = w.stepId();
            description = w.getCause() != null ? w.getCause().toString() : w.getMessage();
        }
        coordinator.tell(new ExecutionCoordinator.Failed(plan.procId(), stepId, description));
        return finish(Finish.failed(stepId, description), f.error());
    }

    private Behavior<Command> onStop() {
        // Also before the cluster formed (best effort: process 0 may not be up), so that the
        // others do not wait out the formation timeout for a process that is gone.
        coordinator.tell(new ExecutionCoordinator.StopRequested(plan.procId()));
        return finish(Finish.ok(), null);
    }

    private Behavior<Command> onFormationTimeout() {
        if (!started) {
            return finish(Finish.failed(null, "the cluster did not form within "
                    + plan.formationTimeout().toString().substring(2).toLowerCase(java.util.Locale.ROOT) + ": not every process of " + plan.addresses() + " joined and registered"), null);
        }
        return this;
    }

    private Behavior<Command> onReachability(ClusterEvent.ReachabilityEvent event) {
        if (event instanceof ClusterEvent.UnreachableMember u) {
            return lost(u.member().address(), "became unreachable");
        }
        return this;
    }

    private Behavior<Command> onMembership(ClusterEvent.MemberEvent event) {
        if (event instanceof ClusterEvent.MemberRemoved r && r.previousStatus() == MemberStatus.down()) {
            return lost(r.member().address(), "was removed from the cluster");
        }
        return this;
    }

    private Behavior<Command> lost(Address address, String what) {
        if (finished) {
            return this;
        }
        String who = describeProcess(address);
        String description = "lost " + who + ": it " + what + " (it crashed, was killed, or the network failed)";
        LOG.error(description);
        if (started) {
            coordinator.tell(new ExecutionCoordinator.ProcessLost(plan.procId(), description));
        }
        return finish(Finish.failed(null, description), null);
    }

    private String describeProcess(Address address) {
        int p = processAt(address, plan.addresses());
        return p < 0 ? "process at " + address : "process " + p + " (" + plan.addresses().get(p) + ")";
    }

    /** The id of the process at {@code address} among {@code addresses}, or -1. */
    static int processAt(Address address, List<String> addresses) {
        for (int p = 0; p < addresses.size(); p++) {
            String a = addresses.get(p);
            int colon = a.lastIndexOf(':');
            if (address.host().isDefined() && address.port().isDefined()
                    && a.substring(0, colon).equals(address.host().get())
                    && Integer.parseInt(a.substring(colon + 1)) == (Integer) address.port().get()) {
                return p;
            }
        }
        return -1;
    }

    private Behavior<Command> finish(Finish f, Throwable cause) {
        if (finished) {
            return this;
        }
        finished = true;
        plan.config().metrics().ended(f.failure() != null); // OPERATIONS HOOK (issue 16): not ready from here on
        LOG.info("execution of {} ended{}", plan.flow().flowId(), f.failure() == null ? "" : ": " + f.failure());
        for (ActorRef<WorkerActor.Command> w : workers) {
            getContext().stop(w);
        }
        // The execution ends only when the commits it was told of are durable (or have failed).
        commits.whenComplete((ok, commitFailure) -> complete(f, cause, commitFailure));
        return this;
    }

    private void complete(Finish f, Throwable cause, Throwable commitFailure) {
        if (plan.clustered() && plan.procId() != 0) {
            // Process 0 stops last and waits for this; stopping the actor system next delivers it
            // first (Artery flushes what was sent before it shuts down).
            coordinator.tell(new ExecutionCoordinator.Ended(plan.procId()));
        }
        if (f.failure() == null && commitFailure != null) {
            result.completeExceptionally(commitFailure instanceof CompletionException ce && ce.getCause() != null
                    ? ce.getCause() : commitFailure);
        } else if (f.failure() == null) {
            result.complete(null);
        } else if (cause != null) {
            result.completeExceptionally(cause);
        } else if (f.recoveryKind() != null) {
            result.completeExceptionally(RecoveryFailures.rebuild(f.recoveryKind(), f.failure(), plan.recovery() == null
                    ? java.nio.file.Path.of("") : plan.recovery().dbDir()));
        } else if (f.stepId() != null) {
            result.completeExceptionally(new WaxwingRuntimeException(f.stepId(), f.failure(), null));
        } else {
            result.completeExceptionally(new WaxwingException(f.failure()));
        }
    }
}
