package io.waxwing;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.engine.DataflowPlan;
import io.waxwing.engine.EngineConfig;
import io.waxwing.engine.EngineGroup;
import io.waxwing.engine.SingleWorkerRun;
import io.waxwing.engine.recovery.RecoveryStore;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * The ways core runs a dataflow in its own tests, like Bytewax's {@code entry_point} fixture:
 * {@link #RUN_MAIN} is the loop {@code Execution.runMain} runs (one engine on this thread), and
 * {@code ENGINES_1..3} are 1, 2 and 3 engines of the {@link EngineGroup} test kit exchanging data in
 * this thread, as the cluster's worker actors do. The cluster module runs its own suite under its
 * real entry points ({@code runMain}, {@code clusterMain} with 1, 2, 3 workers, several processes).
 */
public enum EntryPoint {
    RUN_MAIN(1) {
        @Override
        public void run(Dataflow flow, Duration epochInterval, RecoveryStore store) {
            SingleWorkerRun.run(DataflowPlan.of(flow), EngineConfig.withEpochInterval(epochInterval),
                    store == null ? RecoveryStore.NONE : store, IDLE_CHECK, () -> false);
        }
    },
    ENGINES_1(1),
    ENGINES_2(2),
    ENGINES_3(3);

    private static final Duration IDLE_CHECK = Duration.ofMillis(10);

    private final int workers;

    EntryPoint(int workers) {
        this.workers = workers;
    }

    /** The number of workers this entry point runs. */
    public int workers() {
        return workers;
    }

    /** Runs {@code flow} with one epoch per input batch and no recovery. */
    public void run(Dataflow flow) {
        run(flow, Duration.ZERO, RecoveryStore.NONE);
    }

    /**
     * Runs {@code flow} to its end, or until a source aborts it (which returns normally, as the
     * entry points do), resuming from {@code store}'s last commit and committing to it.
     * {@code epochInterval} {@code null} means 10 seconds and {@code store} {@code null} no
     * recovery, as for {@code Execution}.
     */
    public void run(Dataflow flow, Duration epochInterval, RecoveryStore store) {
        new EngineGroup(DataflowPlan.of(flow), workers, store == null ? RecoveryStore.NONE : store,
                EngineConfig.withEpochInterval(epochInterval), IDLE_CHECK).run();
    }

    /** For {@code @MethodSource}: every entry point. */
    public static Stream<EntryPoint> all() {
        return Stream.of(values());
    }
}
