package io.waxwing.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.KeyedStream;
import io.waxwing.dataflow.StateAndOutput;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stateful operators of {@link KeyedStream}, after Bytewax's {@code pytests/operators}. Keys
 * may live on different workers, so outputs are compared per key; within a key the order is the
 * order of the input, and that is asserted.
 */
@Timeout(30)
class StatefulOperatorsTest {

    /** The values of {@code kvs} per key, in the order they were emitted. */
    private static <V> Map<String, List<V>> byKey(List<KV<V>> kvs) {
        Map<String, List<V>> m = new TreeMap<>();
        for (KV<V> kv : kvs) {
            m.computeIfAbsent(kv.key(), k -> new ArrayList<>()).add(kv.value());
        }
        return m;
    }

    private static List<KV<?>> sortedByKey(List<? extends KV<?>> kvs) {
        List<KV<?>> copy = new ArrayList<>(kvs);
        copy.sort(Comparator.comparing(KV::key));
        return copy;
    }

    private static <T> List<T> synchronizedList() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    private static KeyedStream<Integer> allOneKey(Dataflow flow, List<?> items) {
        return flow.input("inp", new TestingSource<Integer>(items)).keyOn("key", x -> "ALL");
    }

    private static <V> KeyedStream<V> pairs(Dataflow flow, List<KV<V>> items) {
        return KeyedStream.of(flow.input("inp", new TestingSource<KV<V>>(items)));
    }

    // ---- stateful with a custom StatefulLogic ---------------------------------------------------

    /** What the {@link TransitionLogic} returns after each callback, and whether items ask for a notification. */
    record Script(boolean notifyOnItem, boolean afterItem, boolean afterNotify, boolean afterEof) {
    }

    /**
     * Emits each transition of its state as {@code "OLD>NEW"}: items move it to ITEM, notifications
     * to NOTIFY, the end of input to EOF. A fresh logic starts in NEW.
     */
    static final class TransitionLogic implements StatefulLogic<Integer, String, String> {
        private final Script script;
        private String state;
        private Instant notifyAt;

        TransitionLogic(String resume, Script script) {
            this.script = script;
            this.state = resume == null ? "NEW" : resume;
        }

        private void move(String to, Consumer<? super String> emit) {
            emit.accept(state + ">" + to);
            state = to;
        }

        @Override
        public boolean onItem(Integer value, Consumer<? super String> emit) {
            if (script.notifyOnItem()) {
                notifyAt = Instant.now();
            }
            move("ITEM", emit);
            return script.afterItem();
        }

        @Override
        public boolean onNotify(Consumer<? super String> emit) {
            notifyAt = null;
            move("NOTIFY", emit);
            return script.afterNotify();
        }

        @Override
        public boolean onEof(Consumer<? super String> emit) {
            move("EOF", emit);
            return script.afterEof();
        }

        @Override
        public Instant notifyAt() {
            return notifyAt;
        }

        @Override
        public String snapshot() {
            return state;
        }
    }

    private static List<String> runTransitions(EntryPoint ep, List<?> items, Script script) {
        List<KV<String>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        allOneKey(flow, items)
                .<String, String>stateful("stateful", resume -> new TransitionLogic(resume, script))
                .output("out", new TestingSink<>(out));
        ep.run(flow, Duration.ZERO, null);
        assertTrue(out.stream().allMatch(kv -> kv.key().equals("ALL")), "keys: " + out);
        return out.stream().map(KV::value).toList();
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void statefulRetainKeepsTheKeysLogicForItsNextItemAndItsEof(EntryPoint ep) {
        Script script = new Script(false, StatefulLogic.RETAIN, StatefulLogic.RETAIN, StatefulLogic.RETAIN);

        List<String> out = runTransitions(ep, List.of(1, 2), script);

        assertEquals(List.of("NEW>ITEM", "ITEM>ITEM", "ITEM>EOF"), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void statefulDiscardAfterAnItemBuildsAFreshLogicForTheNextItem(EntryPoint ep) {
        Script script = new Script(false, StatefulLogic.DISCARD, StatefulLogic.RETAIN, StatefulLogic.RETAIN);

        List<String> out = runTransitions(ep, List.of(1, 2), script);

        // The key holds no logic once its last item discarded it, so nothing is told about EOF.
        assertEquals(List.of("NEW>ITEM", "NEW>ITEM"), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void statefulOnNotifyIsCalledOnceTheRequestedTimeHasPassed(EntryPoint ep) {
        Script script = new Script(true, StatefulLogic.RETAIN, StatefulLogic.RETAIN, StatefulLogic.RETAIN);
        // The pauses leave time for the due notification before the next item and before EOF.
        List<?> items = List.of(1, TestingSource.pause(Duration.ofMillis(300)), 2,
                TestingSource.pause(Duration.ofMillis(300)));

        List<String> out = runTransitions(ep, items, script);

        assertEquals(List.of("NEW>ITEM", "ITEM>NOTIFY", "NOTIFY>ITEM", "ITEM>NOTIFY", "NOTIFY>EOF"), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void statefulDiscardAfterANotificationBuildsAFreshLogicForTheNextItem(EntryPoint ep) {
        Script script = new Script(true, StatefulLogic.RETAIN, StatefulLogic.DISCARD, StatefulLogic.RETAIN);
        List<?> items = List.of(1, TestingSource.pause(Duration.ofMillis(300)), 2,
                TestingSource.pause(Duration.ofMillis(300)));

        List<String> out = runTransitions(ep, items, script);

        assertEquals(List.of("NEW>ITEM", "ITEM>NOTIFY", "NEW>ITEM", "ITEM>NOTIFY"), out);
    }

    /**
     * Remembers the last value of its key and emits {@code "PREVIOUS>VALUE"} for each item; the
     * value {@code DISCARD} discards it. At EOF it emits {@code "LAST>EOF"} and discards itself.
     * Records every snapshot and every resume state it was built from.
     */
    static final class KeepLastLogic implements StatefulLogic<String, String, String> {
        private final List<String> snapshots;
        private String last;

        KeepLastLogic(String resume, List<String> snapshots) {
            this.last = resume;
            this.snapshots = snapshots;
        }

        @Override
        public boolean onItem(String value, Consumer<? super String> emit) {
            emit.accept(last + ">" + value);
            last = value;
            return value.equals("DISCARD") ? DISCARD : RETAIN;
        }

        @Override
        public boolean onEof(Consumer<? super String> emit) {
            emit.accept(last + ">EOF");
            return DISCARD;
        }

        @Override
        public String snapshot() {
            snapshots.add(last);
            return last;
        }
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void statefulKeepsOneLogicPerKey(EntryPoint ep) {
        List<KV<String>> out = new ArrayList<>();
        List<String> snapshots = synchronizedList();
        Dataflow flow = new Dataflow("test_df");
        pairs(flow, List.of(KV.of("a", "a1"), KV.of("b", "b1"), KV.of("a", "a2"), KV.of("b", "b2")))
                .<String, String>stateful("stateful", resume -> new KeepLastLogic(resume, snapshots))
                .output("out", new TestingSink<>(out));

        ep.run(flow, Duration.ZERO, null);

        assertEquals(Map.of(
                "a", List.of("null>a1", "a1>a2", "a2>EOF"),
                "b", List.of("null>b1", "b1>b2", "b2>EOF")), byKey(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void statefulDiscardDropsOnlyThatKeysLogic(EntryPoint ep) {
        List<KV<String>> out = new ArrayList<>();
        List<String> snapshots = synchronizedList();
        List<String> resumes = synchronizedList();
        Dataflow flow = new Dataflow("test_df");
        pairs(flow, List.of(KV.of("a", "a1"), KV.of("b", "b1"), KV.of("a", "DISCARD"), KV.of("b", "b2"),
                KV.of("a", "a3"), KV.of("b", "b3")))
                .<String, String>stateful("stateful", resume -> {
                    resumes.add(String.valueOf(resume));
                    return new KeepLastLogic(resume, snapshots);
                })
                .output("out", new TestingSink<>(out));

        ep.run(flow, Duration.ZERO, null);

        assertEquals(Map.of(
                "a", List.of("null>a1", "a1>DISCARD", "null>a3", "a3>EOF"),
                "b", List.of("null>b1", "b1>b2", "b2>b3", "b3>EOF")), byKey(out));
        // a, b, then a again after its discard; without recovery every logic starts from nothing.
        assertEquals(List.of("null", "null", "null"), resumes);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void statefulSnapshotsEveryKeyThatChangedWhenItsEpochCloses(EntryPoint ep) {
        List<KV<String>> out = new ArrayList<>();
        List<String> snapshots = synchronizedList();
        Dataflow flow = new Dataflow("test_df");
        pairs(flow, List.of(KV.of("a", "a1"), KV.of("a", "a2"), KV.of("b", "b1")))
                .<String, String>stateful("stateful", resume -> new KeepLastLogic(resume, snapshots))
                .output("out", new TestingSink<>(out));

        ep.run(flow, Duration.ZERO, null);

        // Every item is an epoch of its own: each epoch snapshots the one key it changed. The keys
        // discard themselves at EOF, which leaves nothing more to snapshot.
        List<String> ofA = snapshots.stream().filter(s -> s.startsWith("a")).toList();
        List<String> ofB = snapshots.stream().filter(s -> s.startsWith("b")).toList();
        assertEquals(List.of("a1", "a2"), ofA, "snapshots: " + snapshots);
        assertEquals(List.of("b1"), ofB, "snapshots: " + snapshots);
    }

    // ---- statefulMap, statefulFlatMap ----------------------------------------------------------

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void statefulMapRunsEachKeysValuesInOrderFromANullState(EntryPoint ep) {
        List<KV<Integer>> out = new ArrayList<>();
        List<String> firstStates = synchronizedList();
        Dataflow flow = new Dataflow("test_df");
        pairs(flow, List.of(KV.of("a", 1), KV.of("b", 10), KV.of("a", 2), KV.of("a", 3), KV.of("b", 20)))
                .statefulMap("running_sum", (Integer sum, Integer x) -> {
                    if (sum == null) {
                        firstStates.add("null for " + x);
                    }
                    int s = (sum == null ? 0 : sum) + x;
                    return new StateAndOutput<>(s, s);
                })
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(Map.of("a", List.of(1, 3, 6), "b", List.of(10, 30)), byKey(out));
        assertEquals(List.of("null for 1", "null for 10"), firstStates.stream().sorted().toList());
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void statefulMapComputesARunningMeanOfTheLastThreeValues(EntryPoint ep) {
        List<KV<Double>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        allOneKey(flow, List.of(2, 5, 8, 1, 3))
                .statefulMap("running_mean", (List<Integer> last3, Integer x) -> {
                    List<Integer> next = new ArrayList<>(last3 == null ? List.of() : last3);
                    next.add(x);
                    if (next.size() > 3) {
                        next.remove(0);
                    }
                    double avg = next.stream().mapToInt(Integer::intValue).average().orElseThrow();
                    return new StateAndOutput<>(next, avg);
                })
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(KV.of("ALL", 2.0), KV.of("ALL", 3.5), KV.of("ALL", 5.0), KV.of("ALL", 14.0 / 3),
                KV.of("ALL", 4.0)), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void statefulMapDiscardsTheKeysStateWhenTheMapperReturnsANullState(EntryPoint ep) {
        List<KV<Integer>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        // A running sum per key that starts over once it passes 10.
        pairs(flow, List.of(KV.of("a", 5), KV.of("b", 20), KV.of("a", 4), KV.of("b", 1), KV.of("a", 3),
                KV.of("a", 2)))
                .statefulMap("sum_to_ten", (Integer sum, Integer x) -> {
                    int s = (sum == null ? 0 : sum) + x;
                    return new StateAndOutput<>(s > 10 ? null : s, s);
                })
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(Map.of("a", List.of(5, 9, 12, 2), "b", List.of(20, 1)), byKey(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void statefulFlatMapEmitsOnlyValuesGreaterThanThePreviousOne(EntryPoint ep) {
        List<KV<Integer>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        allOneKey(flow, List.of(2, 5, 8, 1, 3))
                .statefulFlatMap("filter_smaller", (Integer last, Integer x) ->
                        new StateAndOutput<>(x, last == null || x > last ? List.of(x) : List.<Integer>of()))
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(KV.of("ALL", 2), KV.of("ALL", 5), KV.of("ALL", 8), KV.of("ALL", 3)), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void statefulFlatMapDiscardsTheKeysStateWhenTheMapperReturnsANullState(EntryPoint ep) {
        List<KV<String>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        // Words gather into a sentence until a period, which emits it and forgets it.
        pairs(flow, List.of(KV.of("en", "a"), KV.of("fr", "un"), KV.of("en", "b"), KV.of("en", "."),
                KV.of("fr", "."), KV.of("en", "c"), KV.of("en", ".")))
                .statefulFlatMap("sentences", (List<String> words, String w) -> {
                    List<String> so = new ArrayList<>(words == null ? List.of() : words);
                    if (w.equals(".")) {
                        return new StateAndOutput<List<String>, List<String>>(null, List.of(String.join(" ", so)));
                    }
                    so.add(w);
                    return new StateAndOutput<>(so, List.<String>of());
                })
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(Map.of("en", List.of("a b", "c"), "fr", List.of("un")), byKey(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void statefulFlatMapMayEmitSeveralValuesPerItem(EntryPoint ep) {
        List<KV<String>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        allOneKey(flow, List.of(1, 2, 3))
                .statefulFlatMap("echo_count", (Integer n, Integer x) -> {
                    int seen = (n == null ? 0 : n) + 1;
                    return new StateAndOutput<>(seen, Collections.nCopies(seen, "x" + x));
                })
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(Map.of("ALL", List.of("x1", "x2", "x2", "x3", "x3", "x3")), byKey(out));
    }

    // ---- reduceFinal, foldFinal, countFinal, maxFinal, minFinal --------------------------------

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void reduceFinalEmitsOneReducedValuePerKeyAtEndOfInput(EntryPoint ep) {
        List<KV<Integer>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        allOneKey(flow, List.of(1, 4, 2, 9, 4, 3))
                .reduceFinal("keep_max", Math::max)
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(KV.of("ALL", 9)), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void reduceFinalReducesEachKeySeparately(EntryPoint ep) {
        List<KV<String>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 4, 2, 9, 4, 3, 7)))
                .keyOn("parity", x -> x % 2 == 0 ? "even" : "odd")
                .mapValue("str", String::valueOf)
                .reduceFinal("concat", (a, b) -> a + b)
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        // Concatenation is not commutative: this also shows each key's values arrive in order.
        assertEquals(List.of(KV.of("even", "424"), KV.of("odd", "1937")), sortedByKey(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void reduceFinalPassesASingleValueThroughWithoutCallingTheReducer(EntryPoint ep) {
        List<KV<String>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        pairs(flow, List.of(KV.of("only", "x")))
                .reduceFinal("never_called", (a, b) -> {
                    throw new AssertionError("the reducer needs two values");
                })
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(KV.of("only", "x")), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void foldFinalFoldsEveryValueOfAKeyFromTheBuildersAccumulator(EntryPoint ep) {
        List<KV<Integer>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        allOneKey(flow, List.of(1, 4, 2, 9, 4, 3))
                .foldFinal("keep_max", () -> 0, (Integer acc, Integer x) -> Math.max(acc, x))
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(KV.of("ALL", 9)), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void foldFinalStartsEachKeyFromItsOwnAccumulator(EntryPoint ep) {
        List<KV<List<Integer>>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 4, 2, 9, 4, 3)))
                .keyOn("parity", x -> x % 2 == 0 ? "even" : "odd")
                .foldFinal("collect", ArrayList<Integer>::new, (List<Integer> acc, Integer x) -> {
                    acc.add(x);
                    return acc;
                })
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(Map.of("even", List.of(List.of(4, 2, 4)), "odd", List.of(List.of(1, 9, 3))), byKey(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void countFinalCountsEachKeyAtEndOfInput(EntryPoint ep) {
        List<KV<Long>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<String>(List.of("a", "a", "b", "c", "b", "a")))
                .keyOn("key", x -> x)
                .countFinal("count")
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(KV.of("a", 3L), KV.of("b", 2L), KV.of("c", 1L)), sortedByKey(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void finalOperatorsEmitNothingForAnEmptyInput(EntryPoint ep) {
        List<KV<?>> out = synchronizedList();
        Dataflow flow = new Dataflow("test_df");
        KeyedStream<Integer> keyed = flow.input("inp", new TestingSource<Integer>(List.of())).keyOn("key", x -> "k");
        keyed.countFinal("count").output("out_count", new TestingSink<>(out));
        keyed.reduceFinal("reduce", Integer::sum).output("out_reduce", new TestingSink<>(out));
        keyed.foldFinal("fold", () -> 0, Integer::sum).output("out_fold", new TestingSink<>(out));
        keyed.maxFinal("max").output("out_max", new TestingSink<>(out));
        keyed.collect("collect", Duration.ofSeconds(10), 3).output("out_collect", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(), out);
    }

    record Event(String user, int val, String id) {
    }

    private static List<Event> events() {
        return List.of(new Event("a", 1, "a-1"), new Event("b", 5, "b-5"), new Event("a", 9, "a-9"),
                new Event("a", 3, "a-3"), new Event("b", 2, "b-2"));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void maxFinalKeepsTheLargestValuePerKeyByTheComparator(EntryPoint ep) {
        List<KV<Event>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Event>(events()))
                .keyOn("key_on_user", Event::user)
                .maxFinal("max", Comparator.comparingInt(Event::val))
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(KV.of("a", new Event("a", 9, "a-9")), KV.of("b", new Event("b", 5, "b-5"))),
                sortedByKey(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void minFinalKeepsTheSmallestValuePerKeyByTheComparator(EntryPoint ep) {
        List<KV<Event>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Event>(events()))
                .keyOn("key_on_user", Event::user)
                .minFinal("min", Comparator.comparingInt(Event::val))
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(KV.of("a", new Event("a", 1, "a-1")), KV.of("b", new Event("b", 2, "b-2"))),
                sortedByKey(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void maxFinalAndMinFinalKeepTheFirstOfEqualValues(EntryPoint ep) {
        List<KV<Event>> maxOut = new ArrayList<>();
        List<KV<Event>> minOut = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        KeyedStream<Event> keyed = flow.input("inp", new TestingSource<Event>(List.of(
                new Event("a", 5, "first-5"), new Event("a", 1, "first-1"), new Event("a", 5, "second-5"),
                new Event("a", 1, "second-1"))))
                .keyOn("key_on_user", Event::user);
        keyed.maxFinal("max", Comparator.comparingInt(Event::val)).output("out_max", new TestingSink<>(maxOut));
        keyed.minFinal("min", Comparator.comparingInt(Event::val)).output("out_min", new TestingSink<>(minOut));

        ep.run(flow);

        assertEquals(List.of(KV.of("a", new Event("a", 5, "first-5"))), maxOut);
        assertEquals(List.of(KV.of("a", new Event("a", 1, "first-1"))), minOut);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void maxFinalAndMinFinalUseTheNaturalOrderWithoutAComparator(EntryPoint ep) {
        List<KV<String>> maxOut = new ArrayList<>();
        List<KV<String>> minOut = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        KeyedStream<String> keyed = pairs(flow, List.of(KV.of("x", "pear"), KV.of("y", "kiwi"), KV.of("x", "apple"),
                KV.of("x", "zucchini"), KV.of("y", "fig")));
        keyed.maxFinal("max").output("out_max", new TestingSink<>(maxOut));
        keyed.minFinal("min").output("out_min", new TestingSink<>(minOut));

        ep.run(flow);

        assertEquals(List.of(KV.of("x", "zucchini"), KV.of("y", "kiwi")), sortedByKey(maxOut));
        assertEquals(List.of(KV.of("x", "apple"), KV.of("y", "fig")), sortedByKey(minOut));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void statefulStepsAfterEachOtherSeeTheUpstreamFinalValues(EntryPoint ep) {
        List<KV<Long>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        // Count words, then count how many words have each count: two keyed exchanges in a row.
        flow.input("inp", new TestingSource<String>(Arrays.asList("a b c a b a d".split(" "))))
                .keyOn("word", w -> w)
                .countFinal("count")
                .keyRm("unkey")
                .keyOn("by_count", String::valueOf)
                .countFinal("histogram")
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(KV.of("1", 2L), KV.of("2", 1L), KV.of("3", 1L)), sortedByKey(out));
    }
}
