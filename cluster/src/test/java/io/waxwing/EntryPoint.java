package io.waxwing;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.recovery.RecoveryConfig;
import io.waxwing.run.Execution;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The ways to run a dataflow that every operator test runs under, like Bytewax's {@code entry_point}
 * fixture: {@code runMain}, and {@code clusterMain} with 1, 2 and 3 workers in this process.
 */
public enum EntryPoint {
    RUN_MAIN(1) {
        @Override
        public void run(Dataflow flow, Duration epochInterval, RecoveryConfig recovery) {
            Execution.runMain(flow, epochInterval, recovery);
        }
    },
    CLUSTER_1(1),
    CLUSTER_2(2),
    CLUSTER_3(3);

    private final int workers;

    EntryPoint(int workers) {
        this.workers = workers;
    }

    /** The number of workers this entry point runs. */
    public int workers() {
        return workers;
    }

    /** Runs {@code flow} with one-epoch-per-batch and no recovery. */
    public void run(Dataflow flow) {
        run(flow, Duration.ZERO, null);
    }

    public void run(Dataflow flow, Duration epochInterval, RecoveryConfig recovery) {
        Execution.clusterMain(flow, List.of(), 0, epochInterval, recovery, workers);
    }

    /** For {@code @MethodSource}: every entry point. */
    public static Stream<EntryPoint> all() {
        return Stream.of(values());
    }
}
