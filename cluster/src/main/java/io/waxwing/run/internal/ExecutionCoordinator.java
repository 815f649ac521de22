package io.waxwing.run.internal;

import io.waxwing.engine.CommitRule;
import io.waxwing.recovery.RecoveryException;
import io.waxwing.recovery.runtime.Agreement;
import io.waxwing.recovery.runtime.ProcessShare;
import io.waxwing.recovery.runtime.ShareReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.ReceiveBuilder;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Coordinates one execution; lives in process 0. Its phases are behaviours:
 * <ol>
 * <li><b>registering</b> — waits until every process has registered its workers with the same
 * dataflow fingerprint and the same recovery options;
 * <li><b>agreeing</b> — when the recovery partitions are spread over the processes, checks them
 * together, agrees the epoch to resume from and waits until every process has voided what was
 * written after it;
 * <li><b>running</b> — starts every worker, commits each epoch that every worker has stored,
 * telling every process so that every recovery partition records it;
 * <li><b>stopping</b> — after an abort or a stop request: every worker stops reading its inputs
 * ({@link WorkerActor.StopInputs}) and reports the last epoch they closed ({@link InputsStopped});
 * the epochs every input closed before the stop are still committed, and the execution ends once
 * the smallest of those is, or after {@code waxwing.cluster.stop-timeout} with what is committed
 * by then;
 * <li><b>ended</b> — the end was decided and told to every process (when every worker finished, on
 * the first failure or lost process, at the end of stopping, or on an abort or stop request before
 * the workers started); a process that registers late is
 * told the same end.
 * </ol>
 */
public final class ExecutionCoordinator extends AbstractBehavior<ExecutionCoordinator.Command> {

    /** The coordinator's protocol. */
    public sealed interface Command extends ClusterMessage {
    }

    /**
     * Process {@code procId} is up with these workers (global indices {@code procId*w …}) and this
     * part of the recovery store.
     */
    public record Register(int procId, DataflowFingerprint fingerprint, List<ActorRef<WorkerActor.Command>> workers,
            ActorRef<ProcessSupervisor.Command> supervisor, RecoveryPart recovery) implements Command {
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

    /** Process {@code procId} failed: {@code outcome} says how. */
    public record Failed(int procId, Outcome outcome) implements Command {
    }

    /** A source on worker {@code worker} aborted the execution. */
    public record Aborted(int worker) implements Command {
    }

    /** Process {@code procId} was asked to stop (signal, {@code Execution.requestStop()}). */
    public record StopRequested(int procId) implements Command {
    }

    /**
     * Worker {@code worker} has stopped reading its inputs ({@link WorkerActor.StopInputs}); they had
     * closed every epoch up to {@code epoch} ({@link Long#MAX_VALUE} when they had all ended).
     */
    public record InputsStopped(int worker, long epoch) implements Command {
    }

    /** The workers took longer than the stop timeout to store the epochs closed before the stop. */
    private enum StopTimeout implements Command {
        INSTANCE
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

    /** Asks which processes have {@link Ended}; answered with an immutable set. */
    public record WhichEnded(ActorRef<Set<Integer>> replyTo) implements Command {
    }

    private final int procCount;
    private final DataflowFingerprint fingerprint;
    private final String storeName;
    private final Set<Integer> endedProcesses = new TreeSet<>();
    private final Map<Integer, Register> registered = new TreeMap<>();
    private final int workerCount;
    private final CommitRule commits;
    private final TimerScheduler<Command> timers;
    private final Duration stopTimeout;
    /** The last commit each process acknowledged. */
    private final long[] commitDone;
    private long startEpoch;
    private Agreement agreement;
    private int awaitingResume;
    private Outcome ended;

    /**
     * @param startEpoch the first epoch when the recovery store (if any) is opened by each process
     *     whole; otherwise the agreement decides it
     * @param storeName the recovery directory, to name it in messages
     * @param stopTimeout how long a stopping execution waits for the epochs closed before the stop
     *     ({@code waxwing.cluster.stop-timeout})
     */
    public static Behavior<Command> create(int procCount, int workersPerProc, DataflowFingerprint fingerprint,
            long startEpoch, String storeName, Duration stopTimeout) {
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> new ExecutionCoordinator(ctx, timers,
                procCount, workersPerProc, fingerprint, startEpoch, storeName, stopTimeout)));
    }

    private ExecutionCoordinator(ActorContext<Command> ctx, TimerScheduler<Command> timers, int procCount,
            int workersPerProc, DataflowFingerprint fingerprint, long startEpoch, String storeName,
            Duration stopTimeout) {
        super(ctx);
        this.timers = timers;
        this.stopTimeout = stopTimeout;
        this.procCount = procCount;
        this.fingerprint = fingerprint;
        this.storeName = storeName;
        this.workerCount = procCount * workersPerProc;
        this.commits = new CommitRule(procCount * workersPerProc, startEpoch - 1);
        this.commitDone = new long[procCount];
        this.startEpoch = startEpoch;
    }

    @Override
    public Receive<Command> createReceive() {
        return registering();
    }

    /**
     * What every phase before the end handles alike: failures, and the processes that ended. An abort
     * or a stop request ends the execution at once before the workers started; while they run, see
     * {@link #running()}.
     */
    private ReceiveBuilder<Command> beforeEnd() {
        return newReceiveBuilder()
                .onMessage(Failed.class, f -> end(f.outcome()))
                .onMessage(ProcessLost.class, l -> end(new Outcome.ClusterFailure(l.description())))
                .onMessage(Ended.class, this::onEnded)
                .onMessage(WhichEnded.class, this::onWhichEnded);
    }

    private Receive<Command> registering() {
        return beforeEnd()
                .onMessage(Register.class, this::onRegister)
                .onMessage(Aborted.class, a -> end(new Outcome.Stopped(Outcome.Stopped.ABORT)))
                .onMessage(StopRequested.class, s -> end(new Outcome.Stopped(s.procId())))
                .build();
    }

    private Receive<Command> agreeing() {
        return beforeEnd()
                .onMessage(Resumed.class, this::onResumed)
                .onMessage(Register.class, this::registeredAlready)
                .onMessage(Aborted.class, a -> end(new Outcome.Stopped(Outcome.Stopped.ABORT)))
                .onMessage(StopRequested.class, s -> end(new Outcome.Stopped(s.procId())))
                .build();
    }

    private Receive<Command> running() {
        return beforeEnd()
                .onMessage(Stored.class, s -> onStored(s) ? end(new Outcome.Completed()) : Behaviors.same())
                .onMessage(CommitDone.class, this::onCommitDone)
                .onMessage(Register.class, this::registeredAlready)
                .onMessage(Aborted.class, a -> stop("worker " + a.worker() + " aborted", Outcome.Stopped.ABORT))
                .onMessage(StopRequested.class, s -> stop("process " + s.procId() + " was asked to stop", s.procId()))
                .build();
    }

    /**
     * Stopping, {@code inputsClosed} holding the epoch each worker's inputs had closed when they
     * stopped ({@code -1} until it tells): commits go on, and the execution ends once those epochs
     * are committed. A further abort or stop request changes nothing.
     */
    private Receive<Command> stopping(long[] inputsClosed, Outcome.Stopped stopped) {
        return beforeEnd()
                .onMessage(InputsStopped.class, s -> onInputsStopped(inputsClosed, stopped, s))
                .onMessage(Stored.class, s -> onStored(s) ? end(stopped) : endIfStored(inputsClosed, stopped))
                .onMessage(CommitDone.class, this::onCommitDone)
                .onMessage(Register.class, this::registeredAlready)
                .onMessage(Aborted.class, a -> Behaviors.same())
                .onMessage(StopRequested.class, s -> Behaviors.same())
                .onMessageEquals(StopTimeout.INSTANCE, () -> onStopTimeout(stopped))
                .build();
    }

    private Receive<Command> ended() {
        return newReceiveBuilder()
                .onMessage(Register.class, r -> {
                    r.supervisor().tell(new ProcessSupervisor.Finish(ended));
                    return this;
                })
                .onMessage(Ended.class, this::onEnded)
                .onMessage(WhichEnded.class, this::onWhichEnded)
                .build();
    }

    /** Processes register again until they are told to begin; every process is known by now. */
    private Behavior<Command> registeredAlready(Register r) {
        return Behaviors.same();
    }

    private Behavior<Command> onEnded(Ended e) {
        endedProcesses.add(e.procId());
        return Behaviors.same();
    }

    private Behavior<Command> onWhichEnded(WhichEnded w) {
        w.replyTo().tell(Set.copyOf(endedProcesses));
        return Behaviors.same();
    }

    private Behavior<Command> onRegister(Register r) {
        registered.put(r.procId(), r);
        if (!fingerprint.equals(r.fingerprint())) {
            return end(new Outcome.ClusterFailure("process " + r.procId() + " built a different dataflow ("
                    + r.fingerprint().description() + ", fingerprint " + r.fingerprint().digest()
                    + ") than process 0 (" + fingerprint.description() + ", fingerprint " + fingerprint.digest()
                    + "); start every process with the same dataflow and worker count", false));
        }
        if (registered.size() == procCount) {
            return prepare();
        }
        return Behaviors.same();
    }

    /** Every process registered: agree on the recovery partitions if they are spread, then start. */
    private Behavior<Command> prepare() {
        List<ShareReport> reports = new ArrayList<>();
        RecoveryPart first = registered.get(0).recovery();
        for (Register reg : registered.values()) {
            RecoveryPart part = reg.recovery();
            if (part.spread() != first.spread()) {
                return end(new Outcome.ClusterFailure("process " + reg.procId() + " runs "
                        + (part.spread() ? "with" : "without") + " a recovery directory and process 0 "
                        + (part.spread() ? "without" : "with") + " one; give every process the same recovery"
                        + " options", false));
            }
            if (part instanceof RecoveryPart.Refused refused) {
                return end(new Outcome.RecoveryRefused(refused.refusal(), refused.message()
                        + (procCount > 1 ? " (on process " + reg.procId() + ")" : "")));
            }
            if (part instanceof RecoveryPart.Opened opened) {
                reports.add(opened.report());
            }
        }
        if (!first.spread()) {
            return begin(List.of(), 0);
        }
        try {
            agreement = ProcessShare.agree(reports, storeName);
        } catch (RecoveryException e) {
            return end(Outcome.RecoveryRefused.of(e, ""));
        }
        awaitingResume = procCount;
        for (Register reg : registered.values()) {
            reg.supervisor().tell(new ProcessSupervisor.Resume(agreement));
        }
        return agreeing();
    }

    private Behavior<Command> onResumed(Resumed r) {
        if (--awaitingResume > 0) {
            return Behaviors.same();
        }
        startEpoch = agreement.resumeEpoch() + 1;
        List<ShareReport> reports = new ArrayList<>();
        for (Register reg : registered.values()) {
            reports.add(((RecoveryPart.Opened) reg.recovery()).report());
        }
        return begin(reports, agreement.partitionCount());
    }

    private Behavior<Command> begin(List<ShareReport> reports, int partitionCount) {
        commits.start(startEpoch - 1);
        Arrays.fill(commitDone, startEpoch - 1);
        List<ActorRef<WorkerActor.Command>> all = new ArrayList<>();
        for (Register reg : registered.values()) {
            all.addAll(reg.workers());
        }
        for (Register reg : registered.values()) {
            reg.supervisor().tell(new ProcessSupervisor.Begin(all, startEpoch, reports, partitionCount));
        }
        return running();
    }

    private Behavior<Command> onCommitDone(CommitDone c) {
        commitDone[c.procId()] = Math.max(commitDone[c.procId()], c.epoch());
        return Behaviors.same();
    }

    /** Commits what every worker stored; whether every worker finished. */
    private boolean onStored(Stored s) {
        if (commits.stored(s.worker(), s.epoch(), s.finished())) {
            long commit = commits.committed();
            long safe = Long.MAX_VALUE;
            for (long done : commitDone) {
                safe = Math.min(safe, done);
            }
            for (Register reg : registered.values()) {
                reg.supervisor().tell(new ProcessSupervisor.Commit(commit, safe));
            }
        }
        return commits.allFinished();
    }

    /**
     * An abort or a stop request while the workers run: like a crash, it loses the open epoch, but not
     * the epochs every input closed before it — whose barriers may still be on their way to some
     * workers, and whose writes may not have started. So every worker stops reading its inputs and
     * reports the last epoch they closed.
     */
    private Behavior<Command> stop(String why, int byProcess) {
        getContext().getLog().info("execution stopping: {}", why);
        long[] inputsClosed = new long[workerCount];
        Arrays.fill(inputsClosed, -1);
        for (Register reg : registered.values()) {
            for (ActorRef<WorkerActor.Command> w : reg.workers()) {
                w.tell(new WorkerActor.StopInputs(why));
            }
        }
        timers.startSingleTimer(StopTimeout.INSTANCE, stopTimeout);
        return stopping(inputsClosed, new Outcome.Stopped(byProcess));
    }

    private Behavior<Command> onInputsStopped(long[] inputsClosed, Outcome.Stopped stopped, InputsStopped s) {
        if (s.worker() < 0 || s.worker() >= inputsClosed.length || inputsClosed[s.worker()] >= 0) {
            return Behaviors.same();
        }
        inputsClosed[s.worker()] = s.epoch();
        return endIfStored(inputsClosed, stopped);
    }

    /**
     * Ends a stopping execution once every worker told where its inputs stopped and the smallest of
     * those epochs is committed. When every input had ended, the execution ends as it would have,
     * once every worker finished.
     */
    private Behavior<Command> endIfStored(long[] inputsClosed, Outcome.Stopped stopped) {
        long target = Long.MAX_VALUE;
        for (long e : inputsClosed) {
            if (e < 0) {
                return Behaviors.same();
            }
            target = Math.min(target, e);
        }
        return target != Long.MAX_VALUE && commits.committed() >= target ? end(stopped)
                : Behaviors.same();
    }

    private Behavior<Command> onStopTimeout(Outcome.Stopped stopped) {
        getContext().getLog().warn("the workers did not store the epochs closed before the stop within {};"
                + " ending with epoch {} committed", stopTimeout, commits.committed());
        return end(stopped);
    }

    private Behavior<Command> end(Outcome outcome) {
        timers.cancel(StopTimeout.INSTANCE);
        ended = outcome;
        for (Register reg : registered.values()) {
            reg.supervisor().tell(new ProcessSupervisor.Finish(outcome));
        }
        return ended();
    }
}
