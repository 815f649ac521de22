package io.waxwing.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waxwing.InJvmCluster;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.run.Execution;
import io.waxwing.testing.TestingSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytewax's {@code test_rescale}: a keyed running maximum continued with 3, then 5, then 1 workers
 * keeps every key's maximum, because state is routed to partitions by key and not by worker. The
 * last, one-worker run goes through {@code clusterMain} and through {@code runMain}.
 */
@Timeout(180)
class RescaleTest {
    @TempDir
    Path dbDir;

    private interface Runner {
        void run(Dataflow flow, RecoveryConfig recovery);
    }

    private static Runner cluster(int workers) {
        return (flow, recovery) -> Execution.clusterMain(flow, List.of(), 0, Duration.ZERO, recovery, workers);
    }

    /** {@code procs} cluster processes of {@code workers} workers each, sharing the recovery directory. */
    private static Runner processes(int procs, int workers) {
        return (flow, recovery) -> InJvmCluster.run(flow, procs, workers, Duration.ZERO, recovery);
    }

    private static final Runner RUN_MAIN = (flow, recovery) -> Execution.runMain(flow, Duration.ZERO, recovery);

    private static List<Object> bytewaxInput() {
        return List.of(KV.of("a", 4), KV.of("b", 4), TestingSource.eof(),
                KV.of("a", 1), KV.of("b", 5), TestingSource.eof(),
                KV.of("a", 8), KV.of("b", 1));
    }

    private static Map<String, List<Integer>> expect(int a, int b) {
        return new TreeMap<>(Map.of("a", List.of(a), "b", List.of(b)));
    }

    private void rescalesThreeFiveOne(Runner last) {
        Recovery.initDbDir(dbDir, 3);
        RecoveryConfig recovery = new RecoveryConfig(dbDir);
        List<KV<Integer>> out = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = RecoveryScenariosTest.keepMax(bytewaxInput(), out);

        cluster(3).run(flow, recovery);
        assertEquals(expect(4, 4), RecoveryScenariosTest.byKey(out));
        cluster(5).run(flow, recovery);
        assertEquals(expect(4, 5), RecoveryScenariosTest.byKey(out));
        last.run(flow, recovery);
        assertEquals(expect(8, 5), RecoveryScenariosTest.byKey(out));
        // After the end, a further run resumes there and outputs nothing.
        last.run(flow, recovery);
        assertEquals(Map.of(), RecoveryScenariosTest.byKey(out));
    }

    @Test
    void maximaSurviveRescalingFromThreeToFiveToOneClusterWorker() {
        rescalesThreeFiveOne(cluster(1));
    }

    @Test
    void maximaSurviveRescalingFromThreeToFiveClusterWorkersToRunMain() {
        rescalesThreeFiveOne(RUN_MAIN);
    }

    /**
     * Many keys, so that rescaling really moves keys between workers: 60 keys, each segment of
     * the input raises some keys' maxima and lowers others' values; every run outputs each key's
     * maximum so far, whatever worker count wrote the state it resumed from.
     */
    private void manyKeysRescaleThreeFiveOne(Runner last) {
        manyKeysRescale(cluster(3), cluster(5), last);
    }

    private void manyKeysRescale(Runner first, Runner second, Runner last) {
        Recovery.initDbDir(dbDir, 3);
        RecoveryConfig recovery = new RecoveryConfig(dbDir);
        int keys = 60;
        int segments = 3;
        List<Object> items = new ArrayList<>();
        List<Map<String, List<Integer>>> expected = new ArrayList<>();
        Map<String, Integer> max = new HashMap<>();
        for (int s = 0; s < segments; s++) {
            Map<String, List<Integer>> segment = new TreeMap<>();
            for (int round = 0; round < 2; round++) {
                for (int k = 0; k < keys; k++) {
                    String key = "k" + k;
                    // Deterministic, non-monotonic values: some go up, some down in each segment.
                    int value = (k * 37 + s * 101 + round * 53) % 97;
                    items.add(KV.of(key, value));
                    int m = Math.max(max.getOrDefault(key, 0), value);
                    max.put(key, m);
                    segment.computeIfAbsent(key, x -> new ArrayList<>()).add(m);
                }
            }
            expected.add(segment);
            if (s < segments - 1) {
                items.add(TestingSource.eof());
            }
        }
        List<KV<Integer>> out = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = RecoveryScenariosTest.keepMax(items, out);

        first.run(flow, recovery);
        assertEquals(expected.get(0), RecoveryScenariosTest.byKey(out), "first run");
        second.run(flow, recovery);
        assertEquals(expected.get(1), RecoveryScenariosTest.byKey(out), "second run");
        last.run(flow, recovery);
        assertEquals(expected.get(2), RecoveryScenariosTest.byKey(out), "last run");
    }

    @Test
    void sixtyKeysKeepTheirMaximaFromTwoProcessesToThreeToRunMain() {
        manyKeysRescale(processes(2, 2), processes(3, 1), RUN_MAIN);
    }

    @Test
    void sixtyKeysKeepTheirMaximaFromOneProcessToMoreProcessesThanPartitions() {
        // Four processes, three partitions: process 3 opens none and reaches every key remotely.
        manyKeysRescale(cluster(2), processes(4, 1), processes(2, 1));
    }

    @Test
    void sixtyKeysKeepTheirMaximaFromThreeToFiveToOneClusterWorker() {
        manyKeysRescaleThreeFiveOne(cluster(1));
    }

    @Test
    void sixtyKeysKeepTheirMaximaFromThreeToFiveClusterWorkersToRunMain() {
        manyKeysRescaleThreeFiveOne(RUN_MAIN);
    }
}
