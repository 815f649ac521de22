package io.waxwing.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.StateAndOutput;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Running sums over 600 items, aborted every 150 items and resumed, are exact. */
@Timeout(120)
class RunningSumRecoveryTest {
    @TempDir
    Path dbDir;

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#withProcesses")
    void runningSumsAreExactAcrossAnAbortEvery150Items(EntryPoint ep) {
        Recovery.initDbDir(dbDir, 3);
        List<Object> items = new ArrayList<>();
        Map<String, Long> expected = new HashMap<>();
        for (int i = 1; i <= 600; i++) {
            items.add(i);
            expected.merge("k" + (i % 7), (long) i, Long::sum);
            if (i % 150 == 0 && i < 600) {
                items.add(TestingSource.abort());
            }
        }
        TestingSource<Integer> source = new TestingSource<>(items, 5);
        List<KV<Long>> out = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = new Dataflow("sums");
        flow.input("inp", source)
                .keyOn("key", x -> "k" + (x % 7))
                .statefulMap("sum", (Long sum, Integer x) -> {
                    long s = (sum == null ? 0 : sum) + x;
                    return new StateAndOutput<>(s, s);
                })
                .output("out", new TestingSink<>(out));
        RecoveryConfig recovery = new RecoveryConfig(dbDir);
        for (int run = 0; run < 4; run++) {
            ep.run(flow, Duration.ZERO, recovery);
        }
        Map<String, Long> last = new HashMap<>();
        synchronized (out) {
            out.forEach(kv -> last.merge(kv.key(), kv.value(), Math::max));
        }
        assertEquals(expected, last);
        // A fifth run resumes after the end and emits nothing.
        int before = out.size();
        ep.run(flow, Duration.ZERO, recovery);
        assertEquals(before, out.size());
    }
}
