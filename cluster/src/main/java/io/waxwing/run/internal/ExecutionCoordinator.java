package io.waxwing.run.internal;

import io.waxwing.recovery.RecoveryException;
import io.waxwing.recovery.internal.PartitionSummary;
import io.waxwing.recovery.internal.PartitionedStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Coordinates one execution; lives in process 0. Waits until every process has registered its
 * workers with the same dataflow fingerprint; when the recovery partitions are spread over the
 * processes, checks them together, agrees the epoch to resume from and has every process void what
 * was written after it; then starts every worker, commits each epoch that every worker has stored
 * (telling every process, so that every recovery partition records it), and ends the execution for
 * all processes at once — when every worker finished, or on the first failure, abort, stop request
 * or lost process.
 */
public final class ExecutionCoordinator extends AbstractBehavior<ExecutionCoordinator.Command> {

    /** The coordinator's protocol. */
    public sealed interface Command extends ClusterMessage {
    }

    /**
     * Process {@code procId} is up with these workers (global indices {@code procId*w …});
     * {@code share} describes the recovery partitions it opened, {@code null} when the partitions
     * are not spread over the processes.
     */
    public record Register(int procId, DataflowFingerprint fingerprint, List<ActorRef<WorkerActor.Command>> workers,
            ActorRef<ProcessSupervisor.Command> supervisor, RecoveryShare share) implements Command {
    }

    /**
     * The recovery partitions one process opened ({@code summaries}) and the server that gives the
     * other processes access to them; or, when {@code failureKind} is set, why it could not open
     * them ({@link RecoveryFailures}).
     */
    public record RecoveryShare(List<PartitionSummary> summaries, ActorRef<PartitionServer.Command> server,
            String failureKind, String failureMessage) {
    }

    /** Process {@code procId} voided what was written after the agreed resume epoch. */
    public record Resumed(int procId) implements Command {
    }

    /** Process {@code procId} recorded the commit of {@code epoch} in its partitions. */
    public record CommitDone(int procId, long epoch) implements Command {
    }

    /** Worker {@code worker} has stored every epoch up to {@code epoch}; {@code finished} once it is done. */
    public record Stored(int worker, long epoch, boolean finished) implements Command {
    }

    /** User code failed on a worker of process {@code procId}. */
    public record Failed(int procId, String stepId, String description) implements Command {
    }

    /** A source on worker {@code worker} aborted the execution. */
    public record Aborted(int worker) implements Command {
    }

    /**
     * Worker {@code worker} has stopped reading its inputs ({@link WorkerActor.StopInputs}); they had
     * closed every epoch up to {@code epoch} ({@link Long#MAX_VALUE} when they had all ended).
     */
    public record InputsStopped(int worker, long epoch) implements Command {
    }

    /** The workers took longer than {@code waxwing.cluster.stop-timeout} to store what they had closed. */
    private enum StopTimeout implements Command {
        INSTANCE
    }

    /** Process {@code procId} was asked to stop (signal, {@code Execution.requestStop()}). */
    public record StopRequested(int procId) implements Command {
    }

    /** Process {@code procId} saw another process leave or become unreachable. */
    public record ProcessLost(int procId, String description) implements Command {
    }

    /**
     * Process {@code procId} (not 0) has ended its part, after the end was decided: it is about to
     * stop its actor system, and process 0 need not wait for it any longer.
     */
    public record Ended(int procId) implements Command {
    }

    private final int procCount;
    private final DataflowFingerprint fingerprint;
    private final String storeName;
    /** The processes that sent {@link Ended}, for process 0's last wait ({@code ProcessRun}). */
    private final Set<Integer> endedProcesses;
    private final Map<Integer, Register> registered = new TreeMap<>();
    private final long[] stored;
    private final boolean[] finished;
    /** The last commit each process acknowledged. */
    private final long[] commitDone;
    private long startEpoch;
    private long committed;
    private boolean preparing;
    private int awaitingResume;
    private PartitionedStore.Agreement agreement;
    private boolean started;
    private ProcessSupervisor.Finish ended;
    private final TimerScheduler<Command> timers;
    private final Duration stopTimeout;
    /** Once stopping: the epoch each worker's inputs had closed when they stopped, or -1 until told. */
    private long[] inputsClosed;
    private int awaitingInputs;

    /**
     * @param startEpoch the first epoch when the recovery store (if any) is opened by each process
     *     whole; otherwise the agreement decides it
     * @param storeName the recovery directory, to name it in messages
     * @param endedProcesses receives the id of every process that {@link Ended}
     */
    public static Behavior<Command> create(int procCount, int workersPerProc, DataflowFingerprint fingerprint,
            long startEpoch, String storeName, Set<Integer> endedProcesses) {
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> new ExecutionCoordinator(ctx, timers, procCount,
                workersPerProc, fingerprint, startEpoch, storeName, endedProcesses)));
    }

    private ExecutionCoordinator(ActorContext<Command> ctx, TimerScheduler<Command> timers, int procCount,
            int workersPerProc, DataflowFingerprint fingerprint, long startEpoch, String storeName,
            Set<Integer> endedProcesses) {
        super(ctx);
        this.timers = timers;
        this.stopTimeout = ctx.getSystem().settings().config().getDuration("waxwing.cluster.stop-timeout");
        this.procCount = procCount;
        this.fingerprint = fingerprint;
        this.storeName = storeName;
        this.endedProcesses = endedProcesses;
        this.stored = new long[procCount * workersPerProc];
        this.finished = new boolean[stored.length];
        this.commitDone = new long[procCount];
        this.startEpoch = startEpoch;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Register.class, this::onRegister)
                .onMessage(Resumed.class, this::onResumed)
                .onMessage(CommitDone.class, this::onCommitDone)
                .onMessage(Stored.class, this::onStored)
                .onMessage(Failed.class, f -> end(ProcessSupervisor.Finish.failed(f.stepId(),
                        f.description() + (procCount > 1 ? " (on process " + f.procId() + ")" : ""))))
                .onMessage(Aborted.class, a -> stop("worker " + a.worker() + " aborted"))
                .onMessage(StopRequested.class, s -> stop("process " + s.procId() + " was asked to stop"))
                .onMessage(InputsStopped.class, this::onInputsStopped)
                .onMessageEquals(StopTimeout.INSTANCE, this::onStopTimeout)
                .onMessage(ProcessLost.class, l -> end(ProcessSupervisor.Finish.failed(null, l.description())))
                .onMessage(Ended.class, e -> {
                    endedProcesses.add(e.procId());
                    return this;
                })
                .build();
    }

    private Behavior<Command> onRegister(Register r) {
        if (preparing && ended == null) {
            return this;
        }
        registered.put(r.procId(), r);
        if (ended != null) {
            r.supervisor().tell(ended);
            return this;
        }
        if (!fingerprint.equals(r.fingerprint())) {
            return end(ProcessSupervisor.Finish.failed(null, "process " + r.procId() + " built a different dataflow ("
                    + r.fingerprint().description() + ", fingerprint " + r.fingerprint().digest()
                    + ") than process 0 (" + fingerprint.description() + ", fingerprint " + fingerprint.digest()
                    + "); start every process with the same dataflow and worker count"));
        }
        if (registered.size() == procCount) {
            preparing = true;
            return prepare();
        }
        return this;
    }

    /** Every process registered: agree on the recovery partitions if they are spread, then start. */
    private Behavior<Command> prepare() {
        List<PartitionSummary> summaries = new ArrayList<>();
        for (Register reg : registered.values()) {
            RecoveryShare share = reg.share();
            if ((share == null) != (registered.get(0).share() == null)) {
                return end(ProcessSupervisor.Finish.failed(null, "process " + reg.procId() + " runs "
                        + (share == null ? "without" : "with") + " a recovery directory and process 0 "
                        + (share == null ? "with" : "without") + " one; give every process the same recovery"
                        + " options"));
            }
            if (share != null && share.failureKind() != null) {
                return end(new ProcessSupervisor.Finish(null, share.failureMessage() + (procCount > 1
                        ? " (on process " + reg.procId() + ")" : ""), share.failureKind()));
            }
            if (share != null) {
                summaries.addAll(share.summaries());
            }
        }
        if (registered.get(0).share() == null) {
            return begin();
        }
        try {
            agreement = PartitionedStore.agree(summaries, storeName,
                    i -> "partition " + i + ", which process " + DistributedStore.ownerOf(i, procCount) + " opens");
        } catch (RecoveryException e) {
            return end(new ProcessSupervisor.Finish(null, e.getMessage(), RecoveryFailures.kindOf(e)));
        }
        awaitingResume = procCount;
        for (Register reg : registered.values()) {
            reg.supervisor().tell(new ProcessSupervisor.Resume(agreement));
        }
        return this;
    }

    private Behavior<Command> onResumed(Resumed r) {
        if (ended != null || started) {
            return this;
        }
        if (--awaitingResume == 0) {
            startEpoch = agreement.resumeEpoch() + 1;
            return begin();
        }
        return this;
    }

    private Behavior<Command> begin() {
        started = true;
        committed = startEpoch - 1;
        Arrays.fill(stored, committed);
        Arrays.fill(commitDone, committed);
        List<ActorRef<WorkerActor.Command>> all = new ArrayList<>();
        List<ActorRef<PartitionServer.Command>> servers = new ArrayList<>();
        for (Register reg : registered.values()) {
            all.addAll(reg.workers());
            if (reg.share() != null) {
                servers.add(reg.share().server());
            }
        }
        int partitionCount = agreement == null ? 0 : agreement.partitionCount();
        for (Register reg : registered.values()) {
            reg.supervisor().tell(new ProcessSupervisor.Begin(all, startEpoch, servers, partitionCount));
        }
        return this;
    }

    private Behavior<Command> onCommitDone(CommitDone c) {
        commitDone[c.procId()] = Math.max(commitDone[c.procId()], c.epoch());
        return this;
    }

    private Behavior<Command> onStored(Stored s) {
        if (ended != null) {
            return this;
        }
        stored[s.worker()] = Math.max(stored[s.worker()], s.epoch());
        finished[s.worker()] |= s.finished();
        // A finished worker holds no more state; the others bound what is complete everywhere.
        long min = Long.MAX_VALUE;
        long max = committed;
        boolean allFinished = true;
        for (int i = 0; i < stored.length; i++) {
            max = Math.max(max, stored[i]);
            if (!finished[i]) {
                allFinished = false;
                min = Math.min(min, stored[i]);
            }
        }
        long commit = allFinished ? max : min;
        if (commit > committed) {
            committed = commit;
            long safe = Long.MAX_VALUE;
            for (long done : commitDone) {
                safe = Math.min(safe, done);
            }
            for (Register reg : registered.values()) {
                reg.supervisor().tell(new ProcessSupervisor.Commit(commit, safe));
            }
        }
        return allFinished ? end(ProcessSupervisor.Finish.ok()) : endIfStopped();
    }

    /**
     * An abort or a stop request: like a crash, it loses the open epoch, but not the epochs every
     * input had closed before it — whose barriers may still be on their way to some workers, and
     * whose writes may not have started. So every worker stops reading its inputs and reports the
     * last epoch they closed; the execution ends once the smallest of those is committed (or after
     * {@code waxwing.cluster.stop-timeout}, with what is committed by then).
     */
    private Behavior<Command> stop(String why) {
        if (ended != null || inputsClosed != null) {
            return this;
        }
        if (!started) {
            return end(ProcessSupervisor.Finish.ok());
        }
        getContext().getLog().info("execution stopping: {}", why);
        inputsClosed = new long[stored.length];
        Arrays.fill(inputsClosed, -1);
        awaitingInputs = stored.length;
        for (Register reg : registered.values()) {
            for (ActorRef<WorkerActor.Command> w : reg.workers()) {
                w.tell(new WorkerActor.StopInputs(why));
            }
        }
        timers.startSingleTimer(StopTimeout.INSTANCE, stopTimeout);
        return this;
    }

    private Behavior<Command> onInputsStopped(InputsStopped s) {
        if (ended != null || inputsClosed == null || inputsClosed[s.worker()] >= 0) {
            return this;
        }
        inputsClosed[s.worker()] = s.epoch();
        awaitingInputs--;
        return endIfStopped();
    }

    /** Ends a stopping execution once the epochs closed by every input before the stop are committed. */
    private Behavior<Command> endIfStopped() {
        if (ended != null || inputsClosed == null || awaitingInputs > 0) {
            return this;
        }
        long target = Long.MAX_VALUE;
        for (long e : inputsClosed) {
            target = Math.min(target, e);
        }
        // Every input had ended: the execution completes as usual, when every worker finished.
        return target != Long.MAX_VALUE && committed >= target ? end(ProcessSupervisor.Finish.ok()) : this;
    }

    private Behavior<Command> onStopTimeout() {
        if (ended == null) {
            getContext().getLog().warn("the workers did not store the epochs closed before the stop within {};"
                    + " ending with epoch {} committed", stopTimeout, committed);
        }
        return end(ProcessSupervisor.Finish.ok());
    }

    private Behavior<Command> end(ProcessSupervisor.Finish finish) {
        if (ended == null) {
            ended = finish;
            for (Register reg : registered.values()) {
                reg.supervisor().tell(finish);
            }
        }
        return this;
    }
}
