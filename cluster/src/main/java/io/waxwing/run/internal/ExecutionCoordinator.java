package io.waxwing.run.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Coordinates one execution; lives in process 0. Waits until every process has registered its
 * workers with the same dataflow fingerprint, starts every worker, commits each epoch that every
 * worker has stored (telling every process, so that every recovery partition records it), and ends
 * the execution for all processes at once — when every worker finished, or on the first failure,
 * abort, stop request or lost process.
 */
public final class ExecutionCoordinator extends AbstractBehavior<ExecutionCoordinator.Command> {

    /** The coordinator's protocol. */
    public sealed interface Command extends ClusterMessage {
    }

    /** Process {@code procId} is up with these workers (global indices {@code procId*w …}). */
    public record Register(int procId, DataflowFingerprint fingerprint, List<ActorRef<WorkerActor.Command>> workers,
            ActorRef<ProcessSupervisor.Command> supervisor) implements Command {
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

    /** Process {@code procId} was asked to stop (signal, {@code Execution.requestStop()}). */
    public record StopRequested(int procId) implements Command {
    }

    /** Process {@code procId} saw another process leave or become unreachable. */
    public record ProcessLost(int procId, String description) implements Command {
    }

    private final int procCount;
    private final DataflowFingerprint fingerprint;
    private final Map<Integer, Register> registered = new TreeMap<>();
    private final long[] stored;
    private final boolean[] finished;
    private long committed;
    private boolean started;
    private ProcessSupervisor.Finish ended;

    public static Behavior<Command> create(int procCount, int workersPerProc, DataflowFingerprint fingerprint,
            long startEpoch) {
        return Behaviors.setup(ctx -> new ExecutionCoordinator(ctx, procCount, workersPerProc, fingerprint,
                startEpoch));
    }

    private ExecutionCoordinator(ActorContext<Command> ctx, int procCount, int workersPerProc,
            DataflowFingerprint fingerprint, long startEpoch) {
        super(ctx);
        this.procCount = procCount;
        this.fingerprint = fingerprint;
        this.stored = new long[procCount * workersPerProc];
        this.finished = new boolean[stored.length];
        this.committed = startEpoch - 1;
        Arrays.fill(stored, committed);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Register.class, this::onRegister)
                .onMessage(Stored.class, this::onStored)
                .onMessage(Failed.class, f -> end(ProcessSupervisor.Finish.failed(f.stepId(),
                        f.description() + (procCount > 1 ? " (on process " + f.procId() + ")" : ""))))
                .onMessage(Aborted.class, a -> end(ProcessSupervisor.Finish.ok()))
                .onMessage(StopRequested.class, s -> end(ProcessSupervisor.Finish.ok()))
                .onMessage(ProcessLost.class, l -> end(ProcessSupervisor.Finish.failed(null, l.description())))
                .build();
    }

    private Behavior<Command> onRegister(Register r) {
        if (started && ended == null) {
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
        if (registered.size() == procCount && !started) {
            started = true;
            List<ActorRef<WorkerActor.Command>> all = new ArrayList<>();
            for (Register reg : registered.values()) {
                all.addAll(reg.workers());
            }
            for (ActorRef<WorkerActor.Command> w : all) {
                w.tell(new WorkerActor.Start(all, getContext().getSelf()));
            }
            for (Register reg : registered.values()) {
                reg.supervisor().tell(ProcessSupervisor.Started.INSTANCE);
            }
        }
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
            for (Register reg : registered.values()) {
                reg.supervisor().tell(new ProcessSupervisor.Commit(commit));
            }
        }
        return allFinished ? end(ProcessSupervisor.Finish.ok()) : this;
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
