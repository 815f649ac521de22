package io.waxwing;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.recovery.RecoveryConfig;
import io.waxwing.run.Execution;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The ways to run a dataflow that every operator test runs under, like Bytewax's {@code entry_point}
 * fixture: {@code runMain}, and {@code clusterMain} with 1, 2 and 3 workers in this process. The
 * recovery tests also run under {@link #PROCESSES_2X2}: two cluster processes of two workers each,
 * sharing one recovery directory — in this JVM, so that they share the test's sources and sinks.
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
    CLUSTER_3(3),
    PROCESSES_2X2(4) {
        @Override
        public void run(Dataflow flow, Duration epochInterval, RecoveryConfig recovery) {
            InJvmCluster.run(flow, 2, 2, epochInterval, recovery);
        }
    };

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

    /** For {@code @MethodSource}: every entry point within one process. */
    public static Stream<EntryPoint> all() {
        return Stream.of(RUN_MAIN, CLUSTER_1, CLUSTER_2, CLUSTER_3);
    }

    /** For {@code @MethodSource}: every entry point, and several processes sharing the recovery store. */
    public static Stream<EntryPoint> withProcesses() {
        return Stream.of(values());
    }
}
