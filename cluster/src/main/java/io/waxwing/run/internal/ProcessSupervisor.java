package io.waxwing.run.internal;

import io.waxwing.engine.DataflowPlan;
import io.waxwing.engine.EngineConfig;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.errors.ExecutionFailedException;
import io.waxwing.errors.WaxwingException;
import io.waxwing.errors.WaxwingRuntimeException;
import io.waxwing.recovery.runtime.Agreement;
import io.waxwing.recovery.runtime.ShareReport;
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
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Terminated;
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
    public record Resume(Agreement agreement) implements Command, ClusterMessage {
    }

    /**
     * The cluster has formed: start this process's workers at {@code startEpoch}. {@code shares}
     * (every process's, in process order) and {@code partitionCount} describe the recovery
     * partitions when they are spread over the processes (else empty and 0).
     */
    public record Begin(List<ActorRef<WorkerActor.Command>> workers, long startEpoch, List<ShareReport> shares,
            int partitionCount) implements Command, ClusterMessage {
    }

    /** The execution ended with {@code outcome}. */
    public record Finish(Outcome outcome) implements Command, ClusterMessage {
    }

    /** This process's part of the execution, once its recovery store is open: the guardian starts with it. */
    public record Start(Plan plan) implements Command {
    }

    /** Asks process 0 which other processes have ended their part; answered with an immutable set. */
    public record WhichEnded(ActorRef<Set<Integer>> replyTo) implements Command {
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

    /** Time to log who the forming cluster still waits for. */
    private enum FormationProgress implements Command {
        INSTANCE
    }

    /**
     * How often a process waiting for the cluster to form logs who is missing (Pekko's own "Couldn't
     * join seed nodes" warning, once a second, is filtered out by the launcher's logging).
     */
    static final Duration FORMATION_PROGRESS_INTERVAL = Duration.ofSeconds(10);

    /** The coordinator did not end the execution in time after a stop request. */
    private enum StopTimeout implements Command {
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

    /** This process's share voided what follows the resume epoch, or failed to. */
    private record ResumeWritten(Throwable failure) implements Command {
    }

    /** Where this process stands in the execution: every process's address, its id, its worker count. */
    public record Topology(List<String> addresses, int procId, int workersPerProc) {
        public Topology {
            addresses = List.copyOf(addresses);
        }

        int procCount() {
            return Math.max(1, addresses.size());
        }

        boolean clustered() {
            return !addresses.isEmpty();
        }
    }

    /**
     * The runtime's settings for one process ({@code waxwing.cluster}, Artery's frame size);
     * {@code stopTimeout} bounds how long a stopping execution waits for the epochs closed before the
     * stop to be committed.
     */
    public record Settings(Duration formationTimeout, long maxFrameBytes, long exchangeMessageBytes,
            Duration stopTimeout) {
    }

    /** What a process needs to take part in an execution. */
    public record Plan(DataflowPlan flow, Topology topology, EngineConfig config, DataflowFingerprint fingerprint,
            Settings settings, ProcessRecovery recovery) {
        List<String> addresses() {
            return topology.addresses();
        }

        int procId() {
            return topology.procId();
        }

        int workersPerProc() {
            return topology.workersPerProc();
        }

        int procCount() {
            return topology.procCount();
        }

        boolean clustered() {
            return topology.clustered();
        }
    }

    private final Plan plan;
    private static final String COORDINATOR_NAME = "coordinator";
    private static final String WORKER_PREFIX = "worker-";

    private final CompletableFuture<Void> result;
    /** Completed with the outcome as this process ends the execution, before {@link #result}. */
    private final CompletableFuture<Outcome> outcome;
    private final TimerScheduler<Command> timers;
    private final List<ActorRef<WorkerActor.Command>> workers = new ArrayList<>();
    private ActorRef<ExecutionCoordinator.Command> coordinator;
    /** The commits handed to the recovery dispatcher, in order; the last one completes this. */
    private CompletableFuture<Void> commits = CompletableFuture.completedFuture(null);
    private Throwable localFailure;
    private boolean started;
    private boolean finished;
    /** This process itself was asked to stop (a signal, {@code Execution.requestStop()}): it ends normally. */
    private boolean stopAsked;
    /** The processes that are members of the cluster, as this process sees it, before the start. */
    private final Set<Integer> joined = new java.util.TreeSet<>();
    /** How many {@link FormationProgress} lines were logged: the time waited, in their interval. */
    private int formationTicks;

    /**
     * The guardian, before this process's recovery store is open: it keeps what arrives (a stop
     * request) until {@link Start} brings the plan.
     */
    public static Behavior<Command> create(CompletableFuture<Void> result) {
        return create(result, new CompletableFuture<>());
    }

    /**
     * {@link #create(CompletableFuture)}, also completing {@code outcome} with how the execution
     * ended here (for the restart decision), before {@code result}.
     */
    public static Behavior<Command> create(CompletableFuture<Void> result, CompletableFuture<Outcome> outcome) {
        return Behaviors.withStash(64, stash -> Behaviors.receive(Command.class)
                .onMessage(Start.class, s -> stash.unstashAll(create(s.plan(), result, outcome)))
                .onAnyMessage(m -> {
                    stash.stash(m);
                    return Behaviors.same();
                })
                .build());
    }

    /** The guardian for {@code plan}. */
    public static Behavior<Command> create(Plan plan, CompletableFuture<Void> result) {
        return create(plan, result, new CompletableFuture<>());
    }

    /** The guardian for {@code plan}, completing {@code outcome} as the execution ends here. */
    public static Behavior<Command> create(Plan plan, CompletableFuture<Void> result,
            CompletableFuture<Outcome> outcome) {
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> new ProcessSupervisor(ctx, timers, plan, result,
                outcome)));
    }

    private ProcessSupervisor(ActorContext<Command> ctx, TimerScheduler<Command> timers, Plan plan,
            CompletableFuture<Void> result, CompletableFuture<Outcome> outcome) {
        super(ctx);
        this.plan = plan;
        this.result = result;
        this.outcome = outcome;
        this.localFailure = plan.recovery() instanceof ProcessRecovery.ShareRefused r ? r.failure() : null;
        int total = plan.procCount() * plan.workersPerProc();
        EnvelopeCodec codec = new EnvelopeCodec(plan.settings().maxFrameBytes(), plan.settings().exchangeMessageBytes());
        DispatcherSelector dispatcher = DispatcherSelector.fromConfig("waxwing.worker-dispatcher");
        for (int i = 0; i < plan.workersPerProc(); i++) {
            int index = plan.procId() * plan.workersPerProc() + i;
            ActorRef<WorkerActor.Command> worker = ctx.spawn(WorkerActor.create(index, total, plan.flow(),
                    plan.config(), ctx.getSelf(), codec), WORKER_PREFIX + index, dispatcher);
            // A worker reports its failures itself (WorkerFailed); should one escape it anyway, Pekko
            // stops the worker, and the execution must not wait for it forever.
            ctx.watch(worker);
            workers.add(worker);
        }
        if (plan.recovery() instanceof ProcessRecovery.Share s) {
            s.share().startServer(ctx, "partitions", DispatcherSelector.fromConfig("waxwing.recovery-dispatcher"));
        }
        this.timers = timers;
        if (plan.procId() == 0) {
            coordinator = ctx.spawn(ExecutionCoordinator.create(plan.procCount(), plan.workersPerProc(),
                    plan.fingerprint(), plan.recovery().wholeStore().committedEpoch() + 1,
                    plan.recovery().dbDir().toString(), plan.settings().stopTimeout()), COORDINATOR_NAME);
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
            timers.startSingleTimer(FormationTimeout.INSTANCE, plan.settings().formationTimeout());
            timers.startTimerWithFixedDelay(FormationProgress.INSTANCE, FORMATION_PROGRESS_INTERVAL);
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(SelfUp.class, up -> register())
                .onMessageEquals(RegisterAgain.INSTANCE, this::register)
                .onMessage(Resume.class, this::onResume)
                .onMessage(ResumeWritten.class, this::onResumeWritten)
                .onMessage(WhichEnded.class, this::onWhichEnded)
                .onMessage(Begin.class, this::onBegin)
                .onMessage(Commit.class, this::onCommit)
                .onMessage(CommitWritten.class, this::onCommitWritten)
                .onMessage(Finish.class, this::onFinish)
                .onMessage(WorkerFailed.class, this::onWorkerFailed)
                .onMessageEquals(StopLocal.INSTANCE, this::onStop)
                .onMessageEquals(FormationTimeout.INSTANCE, this::onFormationTimeout)
                .onMessageEquals(FormationProgress.INSTANCE, this::onFormationProgress)
                .onMessageEquals(StopTimeout.INSTANCE, () -> finish(new Outcome.Stopped(plan.procId()), null))
                .onMessage(Reachability.class, r -> onReachability(r.event()))
                .onMessage(Membership.class, m -> onMembership(m.event()))
                .onSignal(ChildFailed.class, this::onWorkerStopped)
                .onSignal(Terminated.class, this::onWorkerStopped)
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
                getContext().getSelf(), recoveryPart()));
        if (plan.clustered()) {
            timers.startSingleTimer(RegisterAgain.INSTANCE, Duration.ofMillis(500));
        }
        return this;
    }

    /** This process's part of the recovery store, as the coordinator needs to know it. */
    private RecoveryPart recoveryPart() {
        ProcessRecovery recovery = plan.recovery();
        if (recovery instanceof ProcessRecovery.ShareRefused r) {
            return new RecoveryPart.Refused(Outcome.Refusal.of(r.failure()), r.failure().getMessage());
        } else if (recovery instanceof ProcessRecovery.Share s) {
            return new RecoveryPart.Opened(s.share().report());
        }
        return new RecoveryPart.NotSpread();
    }

    /** Voids what follows the agreed resume epoch in this process's share, off this actor's thread. */
    private Behavior<Command> onResume(Resume r) {
        // The coordinator has every registration: no need to send ours again.
        timers.cancel(RegisterAgain.INSTANCE);
        if (finished) {
            return this;
        }
        ProcessRecovery.Share share = (ProcessRecovery.Share) plan.recovery();
        getContext().pipeToSelf(share.share().resume(r.agreement()), (ok, failure) -> new ResumeWritten(failure));
        return this;
    }

    private Behavior<Command> onResumeWritten(ResumeWritten w) {
        if (finished) {
            return this;
        }
        if (w.failure() != null) {
            Throwable cause = w.failure() instanceof CompletionException ce && ce.getCause() != null
                    ? ce.getCause() : w.failure();
            Outcome failed = new Outcome.ClusterFailure(String.valueOf(cause.getMessage()));
            coordinator.tell(new ExecutionCoordinator.Failed(plan.procId(), plan.procCount() > 1
                    ? onProcess(failed) : failed));
            return finish(failed, cause);
        }
        coordinator.tell(new ExecutionCoordinator.Resumed(plan.procId()));
        return this;
    }

    private Behavior<Command> onWhichEnded(WhichEnded w) {
        if (plan.procId() == 0) {
            coordinator.tell(new ExecutionCoordinator.WhichEnded(w.replyTo()));
        } else {
            w.replyTo().tell(Set.of());
        }
        return this;
    }

    private Behavior<Command> onBegin(Begin b) {
        started = true;
        timers.cancel(RegisterAgain.INSTANCE);
        timers.cancel(FormationProgress.INSTANCE);
        if (finished) {
            return this;
        }
        RecoveryStore store = plan.recovery() instanceof ProcessRecovery.Share s
                ? s.share().engineStore(b.shares(), b.partitionCount())
                : plan.recovery().wholeStore();
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
        ProcessRecovery recovery = plan.recovery();
        commits = commits.thenRunAsync(() -> {
            long t0 = System.nanoTime();
            if (recovery instanceof ProcessRecovery.Share s) {
                s.share().commit(c.epoch(), c.safeEpoch());
            } else {
                recovery.wholeStore().commit(c.epoch());
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
            return finish(new Outcome.ClusterFailure("committing epoch " + w.epoch() + " failed: " + cause), cause);
        }
        coordinator.tell(new ExecutionCoordinator.CommitDone(plan.procId(), w.epoch()));
        return this;
    }

    private Behavior<Command> onFinish(Finish f) {
        return finish(f.outcome(), localFailure);
    }

    private Behavior<Command> onWorkerFailed(WorkerFailed f) {
        if (localFailure == null) {
            localFailure = f.error();
        }
        String stepId = null;
        String description = f.error().toString();
        List<String> types = List.of();
        if (f.error() instanceof WaxwingRuntimeException w) {
            stepId = w.stepId();
            // The message without its "step '…' failed: ", which the other processes add again.
            String prefix = "step '" + stepId + "' failed: ";
            String message = String.valueOf(w.getMessage());
            description = message.startsWith(prefix) ? message.substring(prefix.length())
                    : w.getCause() != null ? w.getCause().toString() : message;
            types = w.getCause() != null ? RestartPolicy.typesOf(w.getCause()) : List.of();
        }
        Outcome failed = stepId != null ? new Outcome.UserFailure(stepId, description, types)
                : new Outcome.ClusterFailure(description);
        coordinator.tell(new ExecutionCoordinator.Failed(plan.procId(), plan.procCount() > 1
                ? onProcess(failed) : failed));
        return finish(failed, f.error());
    }

    /** A worker stopped before the execution ended: it failed in a way it could not report. */
    private Behavior<Command> onWorkerStopped(Terminated t) {
        if (finished) {
            return this;
        }
        String name = t.getRef().path().name();
        int index = name.startsWith(WORKER_PREFIX) ? Integer.parseInt(name.substring(WORKER_PREFIX.length())) : -1;
        Throwable error = t instanceof ChildFailed failed ? failed.getCause()
                : new IllegalStateException("worker " + index + " stopped before the execution ended");
        return onWorkerFailed(new WorkerFailed(index, error));
    }

    private Behavior<Command> onStop() {
        // Also before the cluster formed (best effort: process 0 may not be up), so that the
        // others do not wait out the formation timeout for a process that is gone.
        stopAsked = true;
        coordinator.tell(new ExecutionCoordinator.StopRequested(plan.procId()));
        if (!started || finished) {
            return finish(new Outcome.Stopped(plan.procId()), null);
        }
        // Running: the coordinator has the workers store the epochs closed before the stop, then
        // ends the execution everywhere; should it not answer, stop anyway.
        timers.startSingleTimer(StopTimeout.INSTANCE, plan.settings().stopTimeout().plusMillis(500));
        return this;
    }

    private Behavior<Command> onFormationTimeout() {
        if (!started) {
            return finish(new Outcome.ClusterFailure("the cluster did not form within "
                    + shortDuration(plan.settings().formationTimeout()) + ": " + waitingFor()
                    + " (waxwing.cluster.formation-timeout)"), null);
        }
        return this;
    }

    private Behavior<Command> onFormationProgress() {
        if (started || finished) {
            timers.cancel(FormationProgress.INSTANCE);
            return this;
        }
        formationTicks++;
        LOG.warn("process {} has waited {} of {} for the cluster to form: {}", plan.procId(),
                shortDuration(FORMATION_PROGRESS_INTERVAL.multipliedBy(formationTicks)),
                shortDuration(plan.settings().formationTimeout()), waitingFor());
        return this;
    }

    /**
     * Who the forming cluster waits for, as this process sees it: the processes that have not
     * joined (by id and address), or, once every one has, their registration with process 0.
     */
    private String waitingFor() {
        List<String> absent = new ArrayList<>();
        for (int p = 0; p < plan.addresses().size(); p++) {
            if (p != plan.procId() && !joined.contains(p)) {
                absent.add("process " + p + " (" + plan.addresses().get(p) + ")");
            }
        }
        if (absent.isEmpty()) {
            return "every process joined, but not every one registered its workers with process 0"
                    + " (see the log of the process that did not: opening its recovery store, or a failure)";
        }
        String who = String.join(", ", absent) + (absent.size() == 1 ? " has" : " have")
                + " not joined (not started yet, started with other addresses, or not reachable from "
                + plan.addresses().get(plan.procId()) + ")";
        if (!joined.contains(plan.procId()) && plan.procId() != 0) {
            // Only process 0 forms the cluster; the others join through a member.
            who += "; this process could not join either, as only process 0 can form the cluster";
        }
        return who;
    }

    /** {@code 5m}, {@code 1m30s}, {@code 0.5s}: as a user writes a duration. */
    static String shortDuration(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
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
        int p = processAt(event.member().address(), plan.addresses());
        if (p >= 0) {
            MemberStatus status = event.member().status();
            if (status == MemberStatus.joining() || status == MemberStatus.weaklyUp() || status == MemberStatus.up()) {
                joined.add(p);
            } else {
                joined.remove(p);
            }
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
        return finish(new Outcome.ClusterFailure(description), null);
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

    /** {@code failed}, naming this process, as the coordinator tells it to the others. */
    private Outcome onProcess(Outcome failed) {
        String where = " (on process " + plan.procId() + ")";
        if (failed instanceof Outcome.UserFailure u) {
            return new Outcome.UserFailure(u.stepId(), u.description() + where, u.exceptionTypes());
        } else if (failed instanceof Outcome.ClusterFailure c) {
            return new Outcome.ClusterFailure(c.description() + where, c.retryable());
        }
        return failed;
    }

    private Behavior<Command> finish(Outcome outcome, Throwable cause) {
        if (finished) {
            return this;
        }
        finished = true;
        timers.cancel(FormationProgress.INSTANCE);
        this.outcome.complete(outcome);
        RuntimeException ended = outcome instanceof Outcome.Stopped stopped && stopped.byProcess() >= 0
                && !stopAsked ? stopped.stoppedByPeer() : outcome.toException(plan.recovery().dbDir());
        // Once data was flowing, a failure outside user code is a failure of the run, not a refusal to start it.
        RuntimeException failure = started && ended != null && ended.getClass() == WaxwingException.class
                ? new ExecutionFailedException(ended.getMessage(), cause) : ended;
        plan.config().metrics().ended(failure != null); // OPERATIONS HOOK (issue 16): not ready from here on
        LOG.info("execution of {} ended{}", plan.flow().flowId(), failure == null ? "" : ": " + failure.getMessage());
        for (ActorRef<WorkerActor.Command> w : workers) {
            getContext().stop(w);
        }
        // The execution ends only when the commits it was told of are durable (or have failed).
        commits.whenComplete((ok, commitFailure) -> complete(failure, cause, commitFailure));
        return this;
    }

    private void complete(RuntimeException failure, Throwable cause, Throwable commitFailure) {
        if (plan.clustered() && plan.procId() != 0) {
            // Process 0 stops last and waits for this; stopping the actor system next delivers it
            // first (Artery flushes what was sent before it shuts down).
            coordinator.tell(new ExecutionCoordinator.Ended(plan.procId()));
        }
        if (failure == null && commitFailure != null) {
            result.completeExceptionally(commitFailure instanceof CompletionException ce && ce.getCause() != null
                    ? ce.getCause() : commitFailure);
        } else if (failure == null) {
            result.complete(null);
        } else {
            // A local cause (a worker's, the store's) is thrown as it is; the rest as the outcome says.
            result.completeExceptionally(cause != null ? cause : failure);
        }
    }
}
