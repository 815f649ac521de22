package io.waxwing.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.KeyedStream;
import io.waxwing.engine.recovery.InMemoryRecoveryStore;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link KeyedStream#statefulBatch}, Bytewax's {@code stateful_batch}: {@code onBatch} gets all of
 * a key's values of one batch at once; state is snapshotted and resumed as for {@code stateful}.
 */
@Timeout(120)
class StatefulBatchTest {
    /** Emits each batch it gets as {@code "[values] sum=S"} and the sum at EOF; keeps the running sum. */
    static final class BatchSum implements StatefulBatchLogic<Integer, String, Integer> {
        private int sum;

        BatchSum(Integer resume) {
            this.sum = resume == null ? 0 : resume;
        }

        @Override
        public boolean onBatch(List<Integer> values, Consumer<? super String> emit) {
            for (int v : values) {
                sum += v;
            }
            emit.accept(values + " sum=" + sum);
            return RETAIN;
        }

        @Override
        public boolean onEof(Consumer<? super String> emit) {
            emit.accept("EOF sum=" + sum);
            return DISCARD;
        }

        @Override
        public Integer snapshot() {
            return sum;
        }
    }

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

    private static Dataflow flow(List<?> items, int batchSize, List<KV<String>> out) {
        Dataflow flow = new Dataflow("test_df");
        KeyedStream.of(flow.input("inp", new TestingSource<KV<Integer>>(items, batchSize)))
                .<String, Integer>statefulBatch("batch_sum", BatchSum::new)
                .output("out", new TestingSink<>(out));
        return flow;
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void onBatchGetsAllOfAKeysValuesOfOneBatchInOrder(EntryPoint ep) {
        List<KV<String>> out = Collections.synchronizedList(new ArrayList<>());
        List<?> items = List.of(KV.of("a", 1), KV.of("b", 10), KV.of("a", 2), KV.of("b", 20),
                KV.of("a", 3), KV.of("b", 30));

        ep.run(flow(items, 4, out), Duration.ZERO, null);

        assertEquals(Map.of(
                "a", List.of("[1, 2] sum=3", "[3] sum=6", "EOF sum=6"),
                "b", List.of("[10, 20] sum=30", "[30] sum=60", "EOF sum=60")), byKey(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void aResumedRunContinuesFromTheSnapshotOfTheLastBatchBeforeTheAbort(EntryPoint ep) {
        InMemoryRecoveryStore recovery = new InMemoryRecoveryStore();
        List<KV<String>> out = Collections.synchronizedList(new ArrayList<>());
        List<?> items = List.of(KV.of("a", 1), KV.of("a", 2), TestingSource.abort(), KV.of("a", 3));
        Dataflow flow = flow(items, 2, out);

        ep.run(flow, Duration.ZERO, recovery);
        assertEquals(Map.of("a", List.of("[1, 2] sum=3")), byKey(out));

        ep.run(flow, Duration.ZERO, recovery);
        assertEquals(Map.of("a", List.of("[3] sum=6", "EOF sum=6")), byKey(out));
    }
}
