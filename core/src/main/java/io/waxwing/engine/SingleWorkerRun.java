package io.waxwing.engine;

import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.errors.WaxwingException;
import io.waxwing.inputs.AbortExecution;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code runMain}: one worker engine driven in a loop on the calling thread, its exchanges looping
 * back to itself. Snapshot writes (the engine's) and commits (a thread of their own here) run in
 * the background while the worker goes on; the run returns only when its last commit is durable.
 * No Pekko: the cluster's {@code Execution.runMain} and core's own tests run the same loop.
 *
 * <pre>{@code
 * SingleWorkerRun.run(DataflowPlan.of(flow), EngineConfig.withEpochInterval(Duration.ZERO),
 *         RecoveryStore.NONE, Duration.ofMillis(50), () -> false);
 * }</pre>
 */
public final class SingleWorkerRun {
    private static final Logger LOG = LoggerFactory.getLogger(SingleWorkerRun.class);

    private SingleWorkerRun() {
    }

    /**
     * Runs {@code plan} to its end: every input ended, a source aborted, or {@code stopRequested}
     * became true. A stop or an abort leaves the open epoch unstored; the epochs closed before it
     * are committed.
     *
     * @param idleCheck the longest the loop waits when the worker has nothing to do
     * @param stopRequested polled between activations; whoever sets it should also
     *     {@link LockSupport#unpark unpark} the calling thread so that an idle wait ends at once
     * @throws io.waxwing.errors.WaxwingRuntimeException when user code fails, naming the step
     */
    public static void run(DataflowPlan plan, EngineConfig config, RecoveryStore store, Duration idleCheck,
            BooleanSupplier stopRequested) {
        Thread caller = Thread.currentThread();
        WorkerEngine[] self = new WorkerEngine[1];
        long startEpoch = store.committedEpoch() + 1;
        ExecutorService committer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "waxwing-commit");
            t.setDaemon(true);
            return t;
        });
        CompletableFuture<Void> lastCommit = CompletableFuture.completedFuture(null);
        try (WorkerEngine engine = new WorkerEngine(plan, 0, 1, (to, env) -> self[0].deliver(env), store, startEpoch,
                config)) {
            self[0] = engine;
            engine.onStoreProgress(() -> LockSupport.unpark(caller));
            CommitRule commits = new CommitRule(1, startEpoch - 1);
            String stopped;
            try {
                while (!stopRequested.getAsBoolean()) {
                    Activation a = engine.activate();
                    if (commits.stored(0, engine.storedEpoch(), engine.finished())) {
                        long epoch = commits.committed();
                        failIfFailed(lastCommit);
                        lastCommit = lastCommit.thenRunAsync(() -> {
                            long t0 = System.nanoTime();
                            store.commit(epoch);
                            config.metrics().committed(epoch, System.nanoTime() - t0); // OPERATIONS HOOK (issue 16)
                        }, committer);
                    }
                    if (a == Activation.DONE) {
                        await(lastCommit);
                        return;
                    }
                    if (a == Activation.IDLE) {
                        idle(engine.nextWake(), config, idleCheck);
                    }
                }
                stopped = "stopped on request";
            } catch (AbortExecution abort) {
                stopped = "aborted by its source";
            }
            // The epochs every input closed before the stop count: what is in flight is processed
            // (everything is local, so the engine has nothing left once it stops being READY), and
            // the writes of the epochs it closes are waited for, as if they had been synchronous.
            engine.stopInputs();
            Activation a = Activation.READY;
            while (a == Activation.READY) {
                a = engine.activate();
            }
            long stored = engine.drainStores();
            await(lastCommit);
            if (commits.stored(0, stored, false)) {
                store.commit(commits.committed());
            }
            LOG.info("dataflow {} {}; the open epoch was not stored", plan.flowId(), stopped);
        } finally {
            committer.shutdown();
            if (!lastCommit.isDone()) {
                // Failed while a commit was being written: let it finish before the store closes.
                lastCommit.handle((ok, failure) -> null).join();
            }
        }
    }

    private static void failIfFailed(CompletableFuture<Void> commit) {
        if (commit.isDone()) {
            await(commit);
        }
    }

    private static void await(CompletableFuture<Void> commit) {
        try {
            commit.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    private static void idle(Instant wake, EngineConfig config, Duration idleCheck) {
        long max = idleCheck.toNanos();
        long nanos = wake == null ? max
                : Math.min(max, Duration.between(config.clock().instant(), wake).toNanos());
        if (nanos > 0) {
            LockSupport.parkNanos(nanos);
        } else {
            Thread.onSpinWait();
        }
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new WaxwingException("runMain was interrupted");
        }
    }
}
