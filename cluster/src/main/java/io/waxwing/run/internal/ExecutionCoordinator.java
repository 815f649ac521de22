package io.waxwing.run.internal;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.engine.EngineConfig;
import io.waxwing.engine.RecoveryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The guardian of one execution in this process: spawns the worker actors, commits every epoch
 * all workers have stored, and ends the execution — completing {@code result} — when every worker
 * has finished, one failed, a source aborted, or a stop was requested. Ending stops every worker
 * (their engines close their partitions as they stop).
 */
public final class ExecutionCoordinator extends AbstractBehavior<ExecutionCoordinator.Command> {

    /** The coordinator's protocol. */
    public sealed interface Command {
    }

    /** Worker {@code worker} has stored every epoch up to {@code epoch}; {@code finished} once it is done. */
    public record Stored(int worker, long epoch, boolean finished) implements Command {
    }

    /** Worker {@code worker} failed with {@code error}. */
    public record Failed(int worker, Throwable error) implements Command {
    }

    /** A source on worker {@code worker} aborted the execution. */
    public record Aborted(int worker) implements Command {
    }

    /** Stop at the next safe point (SIGINT, SIGTERM, {@code Execution.requestStop()}). */
    public enum Stop implements Command {
        INSTANCE
    }

    private final RecoveryStore store;
    private final CompletableFuture<Void> result;
    private final List<ActorRef<WorkerActor.Command>> workers = new ArrayList<>();
    private final long[] stored;
    private final boolean[] finished;
    private long committed;
    private boolean ended;

    public static Behavior<Command> create(Dataflow flow, int workerCount, EngineConfig config, RecoveryStore store,
            long startEpoch, CompletableFuture<Void> result) {
        return Behaviors.setup(ctx -> new ExecutionCoordinator(ctx, flow, workerCount, config, store, startEpoch,
                result));
    }

    private ExecutionCoordinator(ActorContext<Command> ctx, Dataflow flow, int workerCount, EngineConfig config,
            RecoveryStore store, long startEpoch, CompletableFuture<Void> result) {
        super(ctx);
        this.store = store;
        this.result = result;
        this.stored = new long[workerCount];
        this.finished = new boolean[workerCount];
        this.committed = startEpoch - 1;
        java.util.Arrays.fill(stored, committed);
        DispatcherSelector dispatcher = DispatcherSelector.fromConfig("waxwing.worker-dispatcher");
        for (int i = 0; i < workerCount; i++) {
            workers.add(ctx.spawn(WorkerActor.create(i, workerCount, flow, config, store, startEpoch, ctx.getSelf()),
                    "worker-" + i, dispatcher));
        }
        for (ActorRef<WorkerActor.Command> w : workers) {
            w.tell(new WorkerActor.Start(workers));
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Stored.class, this::onStored)
                .onMessage(Failed.class, f -> end(f.error()))
                .onMessage(Aborted.class, a -> end(null))
                .onMessageEquals(Stop.INSTANCE, () -> end(null))
                .build();
    }

    private Behavior<Command> onStored(Stored s) {
        if (ended) {
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
            try {
                store.commit(commit);
            } catch (RuntimeException e) {
                return end(e);
            }
        }
        return allFinished ? end(null) : this;
    }

    private Behavior<Command> end(Throwable error) {
        if (!ended) {
            ended = true;
            for (ActorRef<WorkerActor.Command> w : workers) {
                getContext().stop(w);
            }
            if (error == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(error);
            }
        }
        return this;
    }
}
