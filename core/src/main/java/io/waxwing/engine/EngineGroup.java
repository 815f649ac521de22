package io.waxwing.engine;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.errors.WaxwingException;
import io.waxwing.inputs.AbortExecution;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A test kit: runs a dataflow on several worker engines in the calling thread, wired together
 * through an in-memory exchange — what the cluster's actor runtime does, without actors, threads or
 * networks. Messages are queued per receiving worker and delivered before its next activation; the
 * group plays the coordinator's part too, committing to the {@link RecoveryStore} what the
 * {@link CommitRule} decides. Lets core test its operators under 1, 2 or 3 workers (exchanges,
 * barrier alignment, routing by key, resume from a store) without the cluster module.
 *
 * <pre>{@code
 * EngineGroup group = new EngineGroup(flow, 3, RecoveryStore.NONE, Duration.ZERO);
 * boolean completed = group.run();            // false: a source aborted
 *
 * InMemoryRecoveryStore store = new InMemoryRecoveryStore();
 * new EngineGroup(flow, 2, store, Duration.ZERO).run();   // aborts part way
 * new EngineGroup(flow, 3, store, Duration.ZERO).run();   // resumes from the last commit
 * }</pre>
 *
 * A group runs once. A failure of user code is thrown as the engines throw it
 * ({@link io.waxwing.errors.WaxwingRuntimeException} naming the step).
 */
public final class EngineGroup {
    /** The test kit's engine tuning: small batches and few credits, so that flow control is exercised. */
    private static final int TEST_BATCH_SIZE = 4;
    private static final int TEST_CREDITS = 2;
    private static final int TEST_BUDGET = 8;
    private static final Duration DEFAULT_IDLE_CHECK = Duration.ofMillis(10);

    private final List<WorkerEngine> engines = new ArrayList<>();
    private final List<ArrayDeque<Envelope>> inboxes = new ArrayList<>();
    private final List<Envelope> sent = new ArrayList<>();
    private final RecoveryStore store;
    private final EngineConfig config;
    private final Duration idleCheck;
    private final CommitRule commits;

    /**
     * {@code workers} engines for {@code flow} with the kit's small batches and credits, resuming
     * from {@code store}'s last commit.
     *
     * @throws IllegalArgumentException if the dataflow cannot run (see {@link DataflowPlan#of})
     */
    public EngineGroup(Dataflow flow, int workers, RecoveryStore store, Duration epochInterval) {
        this(DataflowPlan.of(flow), workers, store,
                new EngineConfig(epochInterval, TEST_BATCH_SIZE, TEST_CREDITS, TEST_BUDGET, Clock.systemUTC()),
                DEFAULT_IDLE_CHECK);
    }

    /**
     * {@code workers} engines for {@code plan} with {@code config}, resuming from {@code store}'s
     * last commit; {@code idleCheck} bounds how long {@link #run()} waits when every engine is idle.
     */
    public EngineGroup(DataflowPlan plan, int workers, RecoveryStore store, EngineConfig config,
            Duration idleCheck) {
        if (workers < 1) {
            throw new IllegalArgumentException("an engine group needs at least one worker, got " + workers);
        }
        this.store = store;
        this.config = config;
        this.idleCheck = idleCheck;
        long start = store.committedEpoch() + 1;
        this.commits = new CommitRule(workers, start - 1);
        for (int w = 0; w < workers; w++) {
            inboxes.add(new ArrayDeque<>());
        }
        Exchange exchange = (to, envelope) -> {
            sent.add(envelope);
            inboxes.get(to).add(envelope);
        };
        try {
            for (int w = 0; w < workers; w++) {
                engines.add(new WorkerEngine(plan, w, workers, exchange, store, start, config));
            }
        } catch (RuntimeException e) {
            engines.forEach(WorkerEngine::close);
            throw e;
        }
    }

    /**
     * Runs every engine round-robin until all are done (true) or a source aborts (false), waiting
     * for the next wake-up (a pause, an epoch's end, a timeout) whenever every engine is idle. On an
     * abort, the epochs closed before it are committed and the open one is not.
     */
    public boolean run() {
        return drive(Long.MAX_VALUE, true);
    }

    /**
     * Like {@link #run()} but never waits: at most {@code maxRounds} rounds of one activation per
     * engine, for tests whose dataflow never sleeps.
     *
     * @throws IllegalStateException if the engines have not finished after {@code maxRounds} rounds
     */
    public boolean runToCompletion(int maxRounds) {
        return drive(maxRounds, false);
    }

    /** Every message one engine sent another (or itself), in the order sent. */
    public List<Envelope> sent() {
        return Collections.unmodifiableList(sent);
    }

    private boolean drive(long maxRounds, boolean waitWhenIdle) {
        Thread driver = Thread.currentThread();
        for (WorkerEngine e : engines) {
            e.onStoreProgress(() -> LockSupport.unpark(driver));
        }
        try {
            for (long round = 0; round < maxRounds; round++) {
                boolean allDone = true;
                boolean busy = false;
                Instant wake = null;
                for (int w = 0; w < engines.size(); w++) {
                    WorkerEngine e = engines.get(w);
                    for (Envelope env; (env = inboxes.get(w).poll()) != null; ) {
                        e.deliver(env);
                    }
                    Activation a = e.activate();
                    allDone &= a == Activation.DONE;
                    busy |= a == Activation.READY;
                    if (a == Activation.IDLE && e.nextWake() != null
                            && (wake == null || e.nextWake().isBefore(wake))) {
                        wake = e.nextWake();
                    }
                }
                commit();
                if (allDone) {
                    return true;
                }
                if (waitWhenIdle && !busy && inboxes.stream().allMatch(ArrayDeque::isEmpty)) {
                    idle(wake);
                }
            }
            throw new IllegalStateException("the engines did not finish in " + maxRounds + " rounds");
        } catch (AbortExecution abort) {
            for (WorkerEngine e : engines) {
                e.drainStores();
            }
            commit();
            return false;
        } finally {
            engines.forEach(WorkerEngine::close);
        }
    }

    private void commit() {
        boolean advanced = false;
        for (WorkerEngine e : engines) {
            advanced |= commits.stored(e.workerIndex(), e.storedEpoch(), e.finished());
        }
        if (advanced) {
            store.commit(commits.committed());
        }
    }

    private void idle(Instant wake) {
        long nanos = idleCheck.toNanos();
        if (wake != null) {
            nanos = Math.min(nanos, Duration.between(config.clock().instant(), wake).toNanos());
        }
        if (nanos > 0) {
            LockSupport.parkNanos(nanos);
        }
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new WaxwingException("the engine group was interrupted");
        }
    }
}
