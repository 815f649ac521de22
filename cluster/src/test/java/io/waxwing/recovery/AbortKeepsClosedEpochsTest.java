package io.waxwing.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.KeyedStream;
import io.waxwing.dataflow.StateAndOutput;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An abort loses the open epoch, never the epochs every input closed before it — even when the
 * abort comes right after them, before their barriers reached every worker or their writes started
 * (Bytewax's {@code test_stateful_snapshots_logic_per_key}, with no pause before the abort).
 */
@Timeout(120)
class AbortKeepsClosedEpochsTest {
    @TempDir
    Path tmp;

    /** A fresh input for each test: an abort marker fires once. */
    private static List<Object> input() {
        return List.of(KV.of("a", "a1"), KV.of("b", "b1"), TestingSource.abort(), KV.of("a", "a2"), KV.of("b", "b2"));
    }

    /** The outputs per key, in the order each key emitted them; empties {@code out}. */
    private static Map<String, List<String>> byKey(List<KV<String>> out) {
        Map<String, List<String>> m = new TreeMap<>();
        synchronized (out) {
            for (KV<String> kv : out) {
                m.computeIfAbsent(kv.key(), k -> new ArrayList<>()).add(kv.value());
            }
            out.clear();
        }
        return m;
    }

    /** Keeps the last value of each key and emits {@code "PREVIOUS>VALUE"}. */
    private static KeyedStream<String> keepLast(KeyedStream<String> in, String stepId) {
        return in.statefulMap(stepId, (String last, String value) -> new StateAndOutput<>(value, last + ">" + value));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#withProcesses")
    void theResumedRunContinuesFromTheStateAfterTheLastItemBeforeTheAbort(EntryPoint ep) {
        Recovery.initDbDir(tmp.resolve("db"), 2);
        RecoveryConfig recovery = new RecoveryConfig(tmp.resolve("db"));
        List<KV<String>> out = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = new Dataflow("test_df");
        keepLast(KeyedStream.of(flow.<KV<String>>input("inp", new TestingSource<>(input()))), "keep_last")
                .output("out", new TestingSink<>(out));

        ep.run(flow, Duration.ZERO, recovery);
        assertEquals(Map.of("a", List.of("null>a1"), "b", List.of("null>b1")), byKey(out));

        // Epoch 2 (b1) closed before the abort: it is committed, so b1 is not replayed.
        ep.run(flow, Duration.ZERO, recovery);
        assertEquals(Map.of("a", List.of("a1>a2"), "b", List.of("b1>b2")), byKey(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#withProcesses")
    void aChainOfStatefulStepsStoresTheLastClosedEpochInEveryStep(EntryPoint ep) {
        Recovery.initDbDir(tmp.resolve("db"), 2);
        RecoveryConfig recovery = new RecoveryConfig(tmp.resolve("db"));
        List<KV<String>> out = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = new Dataflow("test_df");
        // The second step closes each epoch only after the first one has passed its barrier on.
        KeyedStream<String> first = keepLast(KeyedStream.of(flow.<KV<String>>input("inp", new TestingSource<>(input()))),
                "first");
        keepLast(first, "second").output("out", new TestingSink<>(out));

        ep.run(flow, Duration.ZERO, recovery);
        assertEquals(Map.of("a", List.of("null>null>a1"), "b", List.of("null>null>b1")), byKey(out));

        ep.run(flow, Duration.ZERO, recovery);
        assertEquals(Map.of("a", List.of("null>a1>a1>a2"), "b", List.of("null>b1>b1>b2")), byKey(out));
    }
}
