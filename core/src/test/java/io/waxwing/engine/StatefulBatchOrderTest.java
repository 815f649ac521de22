package io.waxwing.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.KeyedStream;
import io.waxwing.dataflow.Stream;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.errors.WaxwingRuntimeException;
import io.waxwing.internal.prefetch.PrefetchingLogic;
import io.waxwing.operators.StatefulLogic;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A stateful step takes a batch a group of items at a time, finding the group's keys before it
 * calls their logics: every item still reaches its own key's logic, in order, while keys are added
 * and discarded within a group (each of which moves other keys' slots in the table).
 */
class StatefulBatchOrderTest {

    /**
     * Emits how many values its key has seen since it was built, and their sum; discards at the
     * third. A {@link PrefetchingLogic}, so that its step takes batches a group at a time.
     */
    private static final class CountToThree implements StatefulLogic<Integer, String, Object>, PrefetchingLogic {
        private int count;
        private long sum;

        @Override
        public int prefetch() {
            return count;
        }

        @Override
        public boolean onItem(Integer value, Consumer<? super String> emit) {
            count++;
            sum += value;
            emit.accept(count + ":" + sum);
            return count == 3 ? DISCARD : RETAIN;
        }

        @Override
        public Object snapshot() {
            return null;
        }
    }

    @Test
    void everyItemOfABatchReachesItsKeysLogicInOrderWhileKeysComeAndGo() {
        SplittableRandom random = new SplittableRandom(7);
        List<KV<Integer>> input = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            input.add(new KV<>("k" + random.nextInt(300), i));
        }
        List<KV<String>> out = run(input);

        List<KV<String>> expected = new ArrayList<>();
        Map<String, long[]> state = new HashMap<>();
        for (KV<Integer> kv : input) {
            long[] countSum = state.computeIfAbsent(kv.key(), k -> new long[2]);
            countSum[0]++;
            countSum[1] += kv.value();
            expected.add(new KV<>(kv.key(), countSum[0] + ":" + countSum[1]));
            if (countSum[0] == 3) {
                state.remove(kv.key());
            }
        }
        assertEquals(expected, out);
    }

    @Test
    void anItemThatIsNotAKvInAGroupFailsTheStepAndSaysToKeyTheStream() {
        List<Object> input = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            input.add(new KV<>("k" + i, i));
        }
        input.add(42);
        input.add(new KV<>("k0", 11));
        WaxwingRuntimeException e = assertThrows(WaxwingRuntimeException.class, () -> run(input));
        assertEquals("df.count", e.stepId());
        assertTrue(e.getMessage().contains("keyOn"), e.getMessage());
        assertTrue(e.getMessage().contains("java.lang.Integer"), e.getMessage());
    }

    /** Runs the items through a {@link CountToThree} step with runMain's loop; the step's output. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<KV<String>> run(List<? extends Object> input) {
        List<KV<String>> out = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = new Dataflow("df");
        // Only an unchecked cast gets items that are not KVs past keyOn's types to the step.
        KeyedStream<Integer> keyed = KeyedStream.of((Stream) flow.input("inp", new TestingSource<>(input, 1_000)));
        keyed.<String, Object>stateful("count", resume -> new CountToThree())
                .output("out", new TestingSink<>(out));
        // runMain's loop with the default batch sizes (the test kit's exchange batches hold four items).
        SingleWorkerRun.run(DataflowPlan.of(flow), EngineConfig.withEpochInterval(null), RecoveryStore.NONE,
                Duration.ofMillis(10), () -> false);
        return out;
    }
}
