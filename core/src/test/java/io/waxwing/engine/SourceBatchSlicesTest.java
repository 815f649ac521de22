package io.waxwing.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A source batch longer than {@link SourceNode#SLICE} items is pushed in slices, the worker
 * processing what reached its exchange points in between: every item still arrives once, in order
 * per key, and ahead of its epoch's barrier.
 */
class SourceBatchSlicesTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void aKeyedStepSeesEveryItemOfALargeBatchOnceAndInOrderPerKey(int workers) {
        int lines = 3_000;
        List<String> input = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            input.add("k" + (i % 13) + " " + i + " k" + (i % 5) + " " + i);
        }
        Dataflow flow = new Dataflow("df");
        List<KV<List<Integer>>> out = Collections.synchronizedList(new ArrayList<>());
        // One batch of 3000 lines (2 words each reach the keyed step): 24 slices.
        flow.input("inp", new TestingSource<String>(input, lines))
                .mapMulti("pairs", (String line, Consumer<KV<Integer>> emit) -> {
                    String[] w = line.split(" ");
                    emit.accept(KV.of(w[0], Integer.parseInt(w[1])));
                    emit.accept(KV.of(w[2], Integer.parseInt(w[3])));
                })
                .keyOn("key", KV::key)
                .foldFinal("seen", ArrayList<Integer>::new, (List<Integer> acc, KV<Integer> kv) -> {
                    acc.add(kv.value());
                    return acc;
                })
                .output("out", new TestingSink<>(out));
        assertTrue(new EngineGroup(flow, workers, RecoveryStore.NONE, Duration.ZERO).runToCompletion(100_000));
        Map<String, List<Integer>> expected = new TreeMap<>();
        for (int i = 0; i < lines; i++) {
            expected.computeIfAbsent("k" + (i % 13), k -> new ArrayList<>()).add(i);
            expected.computeIfAbsent("k" + (i % 5), k -> new ArrayList<>()).add(i);
        }
        Map<String, List<Integer>> actual = new TreeMap<>();
        out.forEach(kv -> actual.put(kv.key(), kv.value()));
        assertEquals(expected, actual);
        assertEquals(expected.size(), out.size(), "one final list per key");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void anItemOfASlicedBatchArrivesInTheEpochItWasReadIn(int workers) {
        // Every item is tagged with the epoch it was read in (a new epoch after every activation
        // that read something); processing slices early must not move an item across a barrier.
        int items = 4_000;
        List<long[]> input = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            input.add(new long[] {i, -1});
        }
        Dataflow flow = new Dataflow("df");
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        flow.input("inp", new TestingSource<long[]>(input, 1_000))
                .inspectDebug("stamp", (s, item, epoch, w) -> item[1] = epoch)
                .redistribute("spread")
                .inspectDebug("check", (s, item, epoch, w) -> {
                    if (item[1] != epoch) {
                        violations.add("item " + item[0] + " read in epoch " + item[1] + " seen in " + epoch);
                    }
                    seen.add((int) item[0]);
                })
                .output("out", new TestingSink<>(new ArrayList<>()));
        assertTrue(new EngineGroup(flow, workers, RecoveryStore.NONE, Duration.ZERO).runToCompletion(100_000));
        assertEquals(List.of(), violations);
        seen.sort(Comparator.naturalOrder());
        assertEquals(IntStream.range(0, items).boxed().toList(), seen);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aKeyedStepWhoseOutputMergesBackWithTheSlicedStreamLosesNothing(int workers) {
        // The keyed step, run between slices, pushes into the merge the source's own chain also
        // pushes into: every item of both branches still reaches the sink once.
        int items = 1_000;
        List<Integer> input = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            input.add(i);
        }
        Dataflow flow = new Dataflow("df");
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        io.waxwing.dataflow.Stream<Integer> numbers = flow.input("inp", new TestingSource<Integer>(input, items));
        io.waxwing.dataflow.Stream<String> direct = numbers.map("direct", x -> "d" + x);
        io.waxwing.dataflow.Stream<String> keyed = numbers.keyOn("key", x -> "k" + x)
                .statefulMap("echo", (Integer s, Integer x) -> new io.waxwing.dataflow.StateAndOutput<Integer, String>(
                        null, "s" + x))
                .map("value", KV::value);
        direct.merge("all", keyed).output("out", new TestingSink<>(out));
        assertTrue(new EngineGroup(flow, workers, RecoveryStore.NONE, Duration.ZERO).runToCompletion(100_000));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            expected.add("d" + i);
            expected.add("s" + i);
        }
        Collections.sort(expected);
        List<String> actual = new ArrayList<>(out);
        Collections.sort(actual);
        assertEquals(expected, actual);
    }
}
