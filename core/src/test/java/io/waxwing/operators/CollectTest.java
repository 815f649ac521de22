package io.waxwing.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.KeyedStream;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link KeyedStream#collect}: lists per key, emitted at the maximum size, after the timeout, or at
 * end of input. Timeouts are system time; {@link TestingSource#pause} scripts the gaps between
 * items, with margins of hundreds of milliseconds.
 */
@Timeout(30)
class CollectTest {

    private static <V> Map<String, List<V>> byKey(List<KV<V>> kvs) {
        Map<String, List<V>> m = new TreeMap<>();
        for (KV<V> kv : kvs) {
            m.computeIfAbsent(kv.key(), k -> new ArrayList<>()).add(kv.value());
        }
        return m;
    }

    private static List<List<Integer>> collectAll(EntryPoint ep, List<?> items, Duration timeout, int maxSize) {
        List<KV<List<Integer>>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(items))
                .keyOn("key", x -> "ALL")
                .collect("collect", timeout, maxSize)
                .output("out", new TestingSink<>(out));
        ep.run(flow);
        List<List<Integer>> lists = byKey(out).get("ALL");
        assertEquals(Map.of("ALL", lists), byKey(out), "one key only");
        return lists;
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void collectEmitsAListOnceItReachesTheMaxSize(EntryPoint ep) {
        List<List<Integer>> out = collectAll(ep, IntStream.range(0, 10).boxed().toList(), Duration.ofSeconds(10), 3);

        assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7, 8), List.of(9)), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void collectFlushesEveryKeysPartialListAtEndOfInput(EntryPoint ep) {
        List<KV<List<String>>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        KeyedStream.of(flow.input("inp", new TestingSource<KV<String>>(List.of(KV.of("a", "a1"), KV.of("b", "b1"),
                KV.of("a", "a2"), KV.of("b", "b2"), KV.of("a", "a3"), KV.of("c", "c1")))))
                .collect("collect", Duration.ofSeconds(10), 2)
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(Map.of(
                "a", List.of(List.of("a1", "a2"), List.of("a3")),
                "b", List.of(List.of("b1", "b2")),
                "c", List.of(List.of("c1"))), byKey(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void collectEmitsThePartialListOnceTheTimeoutPasses(EntryPoint ep) {
        // Without the timeout the end of input would emit [0, 1, 2] together.
        List<?> items = List.of(0, 1, TestingSource.pause(Duration.ofMillis(1500)), 2);

        List<List<Integer>> out = collectAll(ep, items, Duration.ofMillis(200), 10);

        assertEquals(List.of(List.of(0, 1), List.of(2)), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void collectStartsANewListAfterATimeout(EntryPoint ep) {
        List<?> items = List.of(0, TestingSource.pause(Duration.ofMillis(1000)), 1, 2, 3,
                TestingSource.pause(Duration.ofMillis(1000)), 4);

        List<List<Integer>> out = collectAll(ep, items, Duration.ofMillis(200), 2);

        assertEquals(List.of(List.of(0), List.of(1, 2), List.of(3), List.of(4)), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void collectTimeoutCountsFromTheLatestValueOfTheList(EntryPoint ep) {
        // Bytewax's collect moves the deadline to now + timeout on every value: values 600 ms apart
        // stay together under a 1 s timeout, even once the first of them is older than that. The
        // 400 ms of slack per gap keeps a loaded machine from splitting the list.
        List<?> items = List.of(1, TestingSource.pause(Duration.ofMillis(600)), 2,
                TestingSource.pause(Duration.ofMillis(600)), 3, TestingSource.pause(Duration.ofMillis(2500)), 4);

        List<List<Integer>> out = collectAll(ep, items, Duration.ofSeconds(1), 10);

        assertEquals(List.of(List.of(1, 2, 3), List.of(4)), out);
    }

    @Test
    void collectRejectsAMaxSizeBelowOneWhenTheDataflowIsBuilt() {
        Dataflow flow = new Dataflow("test_df");
        KeyedStream<Integer> keyed = flow.input("inp", new TestingSource<Integer>(List.of(1))).keyOn("key", x -> "k");

        assertThrows(IllegalArgumentException.class, () -> keyed.collect("collect", Duration.ofSeconds(1), 0));
    }
}
