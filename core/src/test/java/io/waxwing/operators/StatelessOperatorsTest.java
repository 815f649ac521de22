package io.waxwing.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.BranchOut;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.KeyedStream;
import io.waxwing.dataflow.Stream;
import io.waxwing.outputs.DynamicSink;
import io.waxwing.outputs.StatelessSinkPartition;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import io.waxwing.testing.TimeTestingGetter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stateless operators of {@link Stream} and {@link KeyedStream}, after Bytewax's
 * {@code pytests/operators}. Items of one input partition stay on the worker that read them through
 * stateless steps, so their order is asserted; where items cross workers, outputs are compared
 * sorted.
 */
@Timeout(30)
class StatelessOperatorsTest {

    private static <T extends Comparable<? super T>> List<T> sorted(List<T> items) {
        List<T> copy = new ArrayList<>(items);
        Collections.sort(copy);
        return copy;
    }

    private static <T> List<T> synchronizedList() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    // ---- map, filter, filterMap ----------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void mapTransformsEveryItem(EntryPoint ep) {
        List<Integer> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(0, 1, 2)))
                .map("add_one", x -> x + 1)
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(1, 2, 3), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void mapMayChangeTheItemType(EntryPoint ep) {
        List<String> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 22, 333)))
                .map("to_str", x -> "#" + x)
                .map("len", String::length)
                .map("describe", n -> n + " chars")
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of("2 chars", "3 chars", "4 chars"), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void filterKeepsOnlyItemsMatchingThePredicate(EntryPoint ep) {
        List<Integer> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3)))
                .filter("is_odd", x -> x % 2 != 0)
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(1, 3), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void filterMapDropsItemsMappedToNull(EntryPoint ep) {
        List<Integer> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(0, 1, 2, 3, 4, 5)))
                .filterMap("make_odd", x -> x % 2 != 0 ? null : x + 1)
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(1, 3, 5), out);
    }

    // ---- flatMap, flatMapBatch, flatten --------------------------------------------------------

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void flatMapEmitsEveryElementOfTheReturnedIterable(EntryPoint ep) {
        List<String> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<String>(List.of("split this")))
                .flatMap("split_into_words", s -> List.of(s.split(" ")))
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of("split", "this"), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void flatMapEmitsNothingForAnEmptyIterableAndRepeatsForLongerOnes(EntryPoint ep) {
        List<String> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<KV<Integer>>(List.of(KV.of("a", 2), KV.of("none", 0), KV.of("b", 4))))
                .flatMap("repeat", kv -> Collections.nCopies(kv.value(), kv.key()))
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of("a", "a", "b", "b", "b", "b"), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void flatMapBatchTransformsWholeBatchesIntoItems(EntryPoint ep) {
        List<String> out = new ArrayList<>();
        List<Integer> batchSizes = synchronizedList();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<String>(List.of("split this", "and this"), 10))
                .flatMapBatch("split_into_words", (List<String> sentences) -> {
                    batchSizes.add(sentences.size());
                    List<String> words = new ArrayList<>();
                    for (String s : sentences) {
                        words.addAll(List.of(s.split(" ")));
                    }
                    return words;
                })
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of("split", "this", "and", "this"), out);
        assertEquals(2, batchSizes.stream().mapToInt(Integer::intValue).sum(), "items seen: " + batchSizes);
        assertTrue(batchSizes.stream().allMatch(n -> n >= 1 && n <= 10), "batch sizes: " + batchSizes);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void flatMapBatchSeesEveryItemOnceInOrder(EntryPoint ep) {
        List<Integer> expected = IntStream.range(0, 1000).boxed().toList();
        List<Integer> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(expected, 10))
                .flatMapBatch("identity", (List<Integer> xs) -> xs)
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(expected, out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void flattenEmitsTheElementsOfEachIterable(EntryPoint ep) {
        List<Integer> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        Stream<List<Integer>> lists = flow.input("inp",
                new TestingSource<List<Integer>>(List.of(List.of(1, 2), List.of(), List.of(3))));
        Stream.<Integer>flatten("flatten", lists).output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(1, 2, 3), out);
    }

    // ---- inspect, inspectDebug -----------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void inspectPrintsStepIdAndItemOnStandardOutputAndPassesItemsOn(EntryPoint ep) {
        List<String> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<String>(List.of("a", "b")))
                .inspect("insp")
                .output("out", new TestingSink<>(out));

        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ep.run(flow);
        } finally {
            System.setOut(original);
        }

        List<String> printed = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("test_df."))
                .toList();
        assertEquals(List.of("test_df.insp: a", "test_df.insp: b"), printed);
        assertEquals(List.of("a", "b"), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void inspectOnAKeyedStreamPrintsTheKeyValuePair(EntryPoint ep) {
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(7)))
                .keyOn("key", x -> "k")
                .inspect("insp");

        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ep.run(flow);
        } finally {
            System.setOut(original);
        }

        List<String> printed = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("test_df."))
                .toList();
        assertEquals(List.of("test_df.insp: " + KV.of("k", 7)), printed);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void inspectWithAnInspectorIsEnoughOutputForADataflow(EntryPoint ep) {
        List<String> seen = synchronizedList();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<String>(List.of("a")))
                .inspect("insp", seen::add);

        ep.run(flow);

        assertEquals(List.of("a"), seen);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void inspectWithAnInspectorSeesEveryItemAndPassesItOnUnchanged(EntryPoint ep) {
        List<String> seen = synchronizedList();
        List<String> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<String>(List.of("a", "b", "c")))
                .inspect("insp", seen::add)
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of("a", "b", "c"), seen);
        assertEquals(List.of("a", "b", "c"), out);
    }

    record Seen(String stepId, Object item, long epoch, int worker) {
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void inspectDebugGetsFullStepIdItemEpochAndWorker(EntryPoint ep) {
        List<Seen> seen = synchronizedList();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<String>(List.of("a")))
                .inspectDebug("insp", (step, item, epoch, worker) -> seen.add(new Seen(step, item, epoch, worker)));

        ep.run(flow);

        assertEquals(1, seen.size(), "seen: " + seen);
        Seen s = seen.get(0);
        assertEquals("test_df.insp", s.stepId());
        assertEquals("a", s.item());
        assertEquals(1L, s.epoch());
        assertTrue(s.worker() >= 0 && s.worker() < ep.workers(), "worker index " + s.worker());
        if (ep.workers() == 1) {
            assertEquals(0, s.worker());
        }
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void inspectDebugEpochIncreasesWithEveryBatchWhenTheEpochIntervalIsZero(EntryPoint ep) {
        List<Seen> seen = synchronizedList();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<String>(List.of("a", "b", "c")))
                .inspectDebug("insp", (step, item, epoch, worker) -> seen.add(new Seen(step, item, epoch, worker)));

        ep.run(flow, Duration.ZERO, null);

        assertEquals(List.of("a", "b", "c"), seen.stream().map(Seen::item).toList());
        assertEquals(List.of(1L, 2L, 3L), seen.stream().map(Seen::epoch).toList());
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void inspectDebugSeesTheItemsOfOneBatchInOneEpoch(EntryPoint ep) {
        List<Seen> seen = synchronizedList();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<String>(List.of("a", "b", "c", "d", "e"), 2))
                .inspectDebug("insp", (step, item, epoch, worker) -> seen.add(new Seen(step, item, epoch, worker)));

        ep.run(flow, Duration.ZERO, null);

        assertEquals(List.of("a", "b", "c", "d", "e"), seen.stream().map(Seen::item).toList());
        assertEquals(List.of(1L, 1L, 2L, 2L, 3L), seen.stream().map(Seen::epoch).toList());
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void inspectDebugSeesEveryItemInTheFirstEpochWhenTheIntervalIsLong(EntryPoint ep) {
        List<Seen> seen = synchronizedList();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<String>(List.of("a", "b", "c")))
                .inspectDebug("insp", (step, item, epoch, worker) -> seen.add(new Seen(step, item, epoch, worker)));

        ep.run(flow, Duration.ofMinutes(10), null);

        assertEquals(List.of(1L, 1L, 1L), seen.stream().map(Seen::epoch).toList());
    }

    // ---- keyOn, keyed stateless operators ------------------------------------------------------

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void keyOnPairsEachItemWithItsKey(EntryPoint ep) {
        List<KV<Integer>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3)))
                .keyOn("key", String::valueOf)
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(KV.of("1", 1), KV.of("2", 2), KV.of("3", 3)), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void mapValueTransformsValuesAndKeepsKeys(EntryPoint ep) {
        List<KV<Integer>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(0, 1, 2)))
                .keyOn("key", x -> "ALL")
                .mapValue("add_one", x -> x + 1)
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(KV.of("ALL", 1), KV.of("ALL", 2), KV.of("ALL", 3)), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void filterValueKeepsItemsWhoseValueMatches(EntryPoint ep) {
        List<KV<Integer>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3)))
                .keyOn("key", x -> "ALL")
                .filterValue("is_odd", x -> x % 2 != 0)
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(KV.of("ALL", 1), KV.of("ALL", 3)), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void filterMapValueDropsValuesMappedToNull(EntryPoint ep) {
        List<KV<Integer>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        Stream<KV<Integer>> pairs = flow.input("inp", new TestingSource<KV<Integer>>(List.of(
                KV.of("ALL", 0), KV.of("ALL", 1), KV.of("ALL", 2), KV.of("ALL", 3), KV.of("ALL", 4),
                KV.of("ALL", 5))));
        KeyedStream.of(pairs)
                .filterMapValue("make_odd", x -> x % 2 != 0 ? null : x + 1)
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(KV.of("ALL", 1), KV.of("ALL", 3), KV.of("ALL", 5)), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void flatMapValueEmitsEachValueWithTheItemsKey(EntryPoint ep) {
        List<KV<String>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        Stream<KV<String>> pairs = flow.input("inp",
                new TestingSource<KV<String>>(List.of(KV.of("a", "x y"), KV.of("b", ""), KV.of("c", "z"))));
        KeyedStream.of(pairs)
                .flatMapValue("split", s -> s.isEmpty() ? List.<String>of() : List.of(s.split(" ")))
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(KV.of("a", "x"), KV.of("a", "y"), KV.of("c", "z")), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void keyRmLeavesTheValues(EntryPoint ep) {
        List<String> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<String>(List.of("apple", "banana")))
                .keyOn("key", s -> s.substring(0, 1))
                .keyRm("unkey")
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of("apple", "banana"), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void keyedFilterAndInspectKeepTheStreamKeyed(EntryPoint ep) {
        List<KV<Long>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<String>(List.of("a", "b", "a", "c")))
                .keyOn("key", s -> s)
                .filter("not_c", kv -> !kv.key().equals("c"))
                .inspect("insp", kv -> { })
                .countFinal("count")
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        out.sort(Comparator.comparing(KV::key));
        assertEquals(List.of(KV.of("a", 2L), KV.of("b", 1L)), out);
    }

    // ---- redistribute, merge, branch -----------------------------------------------------------

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void redistributeKeepsEveryItemExactlyOnce(EntryPoint ep) {
        List<Integer> expected = IntStream.range(0, 300).boxed().toList();
        List<Integer> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(expected, 7))
                .redistribute("redist")
                .map("double", x -> x * 2)
                .map("halve", x -> x / 2)
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(expected, sorted(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void redistributeSpreadsItemsOverEveryWorker(EntryPoint ep) {
        Set<Integer> workersBefore = Collections.synchronizedSet(new TreeSet<>());
        Set<Integer> workersAfter = Collections.synchronizedSet(new TreeSet<>());
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(IntStream.range(0, 60).boxed().toList()))
                .inspectDebug("before", (step, x, epoch, worker) -> workersBefore.add(worker))
                .redistribute("redist")
                .inspectDebug("after", (step, x, epoch, worker) -> workersAfter.add(worker));

        ep.run(flow);

        Set<Integer> all = new TreeSet<>(IntStream.range(0, ep.workers()).boxed().toList());
        assertEquals(1, workersBefore.size(), "one partition is read on one worker: " + workersBefore);
        assertEquals(all, workersAfter);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void mergeCombinesEveryItemOfEveryStream(EntryPoint ep) {
        List<Integer> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        Stream<Integer> odds = flow.input("inp_odds", new TestingSource<Integer>(List.of(1, 3, 5)));
        Stream<Integer> evens = flow.input("inp_evens", new TestingSource<Integer>(List.of(2, 4, 6)));
        Stream<Integer> huge = flow.input("inp_huge", new TestingSource<Integer>(List.of(100, 200, 300)));
        odds.merge("merge", evens, huge).output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(1, 2, 3, 4, 5, 6, 100, 200, 300), sorted(out));
        // Each input keeps its own order through the merge.
        assertEquals(List.of(1, 3, 5), out.stream().filter(x -> x < 100 && x % 2 != 0).toList());
        assertEquals(List.of(2, 4, 6), out.stream().filter(x -> x < 100 && x % 2 == 0).toList());
        assertEquals(List.of(100, 200, 300), out.stream().filter(x -> x >= 100).toList());
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void mergeOfStreamsWithDifferentTypesYieldsTheirCommonSupertype(EntryPoint ep) {
        List<Number> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        Stream<Number> ints = flow.input("ints", new TestingSource<Integer>(List.of(1, 2)))
                .map("as_number", x -> (Number) x);
        Stream<Double> doubles = flow.input("doubles", new TestingSource<Double>(List.of(0.5)));
        ints.merge("merge", doubles).output("out", new TestingSink<>(out));

        ep.run(flow);

        List<Double> values = new ArrayList<>(out.stream().map(Number::doubleValue).toList());
        Collections.sort(values);
        assertEquals(List.of(0.5, 1.0, 2.0), values);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void branchSplitsItemsByThePredicate(EntryPoint ep) {
        List<Integer> outOdds = new ArrayList<>();
        List<Integer> outEvens = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        BranchOut<Integer, Integer> b = flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3)))
                .branch("branch", x -> x % 2 != 0);
        b.trues().output("out_odds", new TestingSink<>(outOdds));
        b.falses().output("out_evens", new TestingSink<>(outEvens));

        ep.run(flow);

        assertEquals(List.of(1, 3), outOdds);
        assertEquals(List.of(2), outEvens);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void branchByTypeSendsInstancesToATypedStream(EntryPoint ep) {
        List<Integer> outInts = new ArrayList<>();
        List<Object> outOthers = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        BranchOut<Integer, Object> b = flow.input("inp", new TestingSource<Object>(List.of(1, "a", 2, "b")))
                .branch("branch", Integer.class);
        b.trues().map("times_ten", x -> x * 10).output("out_ints", new TestingSink<>(outInts));
        b.falses().output("out_strs", new TestingSink<>(outOthers));

        ep.run(flow);

        assertEquals(List.of(10, 20), outInts);
        assertEquals(List.of("a", "b"), outOthers);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void branchWithEveryItemOnOneSideLeavesTheOtherEmpty(EntryPoint ep) {
        List<Integer> outTrues = new ArrayList<>();
        List<Integer> outFalses = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        BranchOut<Integer, Integer> b = flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3)))
                .branch("branch", x -> x > 0);
        b.trues().output("out_trues", new TestingSink<>(outTrues));
        b.falses().output("out_falses", new TestingSink<>(outFalses));

        ep.run(flow);

        assertEquals(List.of(1, 2, 3), outTrues);
        assertEquals(List.of(), outFalses);
    }

    // ---- output --------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void outputBuildsOnePartitionPerWorkerWritesEveryItemAndClosesEachPartition(EntryPoint ep) {
        List<Integer> written = synchronizedList();
        List<String> builtFor = synchronizedList();
        Set<Integer> builtOn = Collections.synchronizedSet(new TreeSet<>());
        AtomicInteger closed = new AtomicInteger();
        DynamicSink<Integer> sink = (stepId, worker, workers) -> {
            builtFor.add(stepId + "/" + workers);
            builtOn.add(worker);
            return new StatelessSinkPartition<>() {
                @Override
                public void writeBatch(List<Integer> items) {
                    written.addAll(items);
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        };
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3, 4)))
                .redistribute("spread")
                .output("out", sink);

        ep.run(flow);

        assertEquals(List.of(1, 2, 3, 4), sorted(written));
        assertEquals(Collections.nCopies(ep.workers(), "test_df.out/" + ep.workers()), builtFor);
        assertEquals(new TreeSet<>(IntStream.range(0, ep.workers()).boxed().toList()), builtOn);
        assertEquals(ep.workers(), closed.get(), "every partition is closed when the run ends");
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void aStreamMayFeedSeveralOutputs(EntryPoint ep) {
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        Stream<Integer> nums = flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3)));
        nums.output("out_1", new TestingSink<>(first));
        nums.map("neg", x -> -x).output("out_2", new TestingSink<>(second));

        ep.run(flow);

        assertEquals(List.of(1, 2, 3), first);
        assertEquals(List.of(-1, -2, -3), second);
    }

    // ---- enrichCached --------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void enrichCachedLooksUpEachKeyOnceAndReusesTheCachedValue(EntryPoint ep) {
        Map<String, Integer> lookup = Map.of("a", 1, "b", 2);
        List<String> fetched = synchronizedList();
        List<Integer> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<String>(List.of("a", "b", "a")))
                .enrichCached("enrich", (String k) -> {
                    fetched.add(k);
                    return lookup.get(k);
                }, (TtlCache<Integer> cache, String item) -> cache.get(item))
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(1, 2, 1), out);
        // One input partition: every item is enriched on the same worker, with one cache.
        assertEquals(List.of("a", "b"), fetched);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void enrichCachedFetchesAgainOnceAnEntryIsOlderThanTheTtl(EntryPoint ep) {
        TimeTestingGetter clock = new TimeTestingGetter(Instant.parse("2024-05-10T10:00:00Z"));
        Map<String, Integer> lookup = new ConcurrentHashMap<>(Map.of("a", 1, "b", 2));
        List<String> fetched = synchronizedList();
        List<Integer> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<String>(List.of("a", "b", "a", "+30s", "a", "+31s", "a", "b")))
                // "+…" items move the clock (and change the looked-up data) between the others.
                .filterMap("tick", (String s) -> {
                    if (s.equals("+30s")) {
                        clock.advance(Duration.ofSeconds(30));
                        return null;
                    }
                    if (s.equals("+31s")) {
                        clock.advance(Duration.ofSeconds(31));
                        lookup.put("a", 3);
                        return null;
                    }
                    return s;
                })
                .enrichCached("enrich", Duration.ofMinutes(1), (String k) -> {
                    fetched.add(k);
                    return lookup.get(k);
                }, (TtlCache<Integer> cache, String item) -> cache.get(item), clock)
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(1, 2, 1, 1, 3, 2), out);
        assertEquals(List.of("a", "b", "a", "b"), fetched);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void enrichCachedKeepsAnEntryUntilItIsOlderThanTheTtl(EntryPoint ep) {
        // Bytewax's TTLCache refetches when now - fetched > ttl: an entry exactly ttl old is kept.
        TimeTestingGetter clock = new TimeTestingGetter(Instant.parse("2024-05-10T10:00:00Z"));
        Map<String, Integer> lookup = new ConcurrentHashMap<>(Map.of("a", 1));
        List<Integer> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<String>(List.of("a", "+PT60S", "a", "+PT0.001S", "a")))
                .filterMap("tick", (String s) -> {
                    if (s.startsWith("+")) {
                        clock.advance(Duration.parse(s.substring(1)));
                        lookup.put("a", lookup.get("a") + 1);
                        return null;
                    }
                    return s;
                })
                .enrichCached("enrich", Duration.ofSeconds(60), lookup::get,
                        (TtlCache<Integer> cache, String item) -> cache.get(item), clock)
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(1, 1, 3), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void enrichCachedMapperMayRemoveEntriesToForceAFreshLookup(EntryPoint ep) {
        AtomicInteger version = new AtomicInteger();
        List<String> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<String>(List.of("a", "a", "!a", "a")))
                .enrichCached("enrich", (String k) -> k + version.incrementAndGet(),
                        (TtlCache<String> cache, String item) -> {
                            if (item.startsWith("!")) {
                                cache.remove(item.substring(1));
                                return "removed";
                            }
                            return cache.get(item);
                        })
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of("a1", "a1", "removed", "a2"), out);
    }
}
