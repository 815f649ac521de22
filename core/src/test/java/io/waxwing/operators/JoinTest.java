package io.waxwing.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.BranchOut;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.KeyedStream;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link KeyedStream#join}: every insert mode with every emit mode, the n-way form with lists and
 * the typed two-way form with {@link Joined}, after Bytewax's {@code test_join.py}.
 *
 * <p>Where the rows depend on how the values of the two sides interleave, both sides come from one
 * input (split with a branch), so that they reach the join in input order under every entry
 * point; with one input per side, only order-free results are asserted.
 */
@Timeout(30)
class JoinTest {

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    private static <V> Map<String, List<V>> byKey(List<KV<V>> kvs) {
        Map<String, List<V>> m = new TreeMap<>();
        for (KV<V> kv : kvs) {
            m.computeIfAbsent(kv.key(), k -> new ArrayList<>()).add(kv.value());
        }
        return m;
    }

    /**
     * Joins a left and a right side that both come from one input of {@code "L<n>"} and
     * {@code "R<n>"} items, all with the key {@code k}, and returns the rows.
     */
    private static List<List<Object>> joinScripted(EntryPoint ep, List<String> script, JoinInsertMode insert,
            JoinEmitMode emit) {
        List<KV<List<Object>>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        BranchOut<String, String> sides = flow.input("inp", new TestingSource<String>(script))
                .branch("side", s -> s.startsWith("L"));
        KeyedStream<Integer> lefts = sides.trues().keyOn("key_l", s -> "k")
                .mapValue("val_l", s -> Integer.parseInt(s.substring(1)));
        KeyedStream<Integer> rights = sides.falses().keyOn("key_r", s -> "k")
                .mapValue("val_r", s -> Integer.parseInt(s.substring(1)));
        lefts.join("join", insert, emit, rights).output("out", new TestingSink<>(out));
        ep.run(flow);
        Map<String, List<List<Object>>> rows = byKey(out);
        assertEquals(rows.isEmpty() ? Map.of() : Map.of("k", rows.get("k")), rows, "one key only");
        return rows.getOrDefault("k", List.of());
    }

    static Stream<Arguments> everyModeUnderEveryEntryPoint() {
        // The rows each mode emits for the script L1 L2 R3 R4 L5 (one key).
        List<Arguments> modes = List.of(
                Arguments.of(JoinInsertMode.FIRST, JoinEmitMode.COMPLETE, List.of(row(1, 3), row(5, 4))),
                Arguments.of(JoinInsertMode.FIRST, JoinEmitMode.FINAL, List.of(row(1, 3))),
                Arguments.of(JoinInsertMode.FIRST, JoinEmitMode.RUNNING,
                        List.of(row(1, null), row(1, null), row(1, 3), row(1, 3), row(1, 3))),
                Arguments.of(JoinInsertMode.LAST, JoinEmitMode.COMPLETE, List.of(row(2, 3), row(5, 4))),
                Arguments.of(JoinInsertMode.LAST, JoinEmitMode.FINAL, List.of(row(5, 4))),
                Arguments.of(JoinInsertMode.LAST, JoinEmitMode.RUNNING,
                        List.of(row(1, null), row(2, null), row(2, 3), row(2, 4), row(5, 4))),
                Arguments.of(JoinInsertMode.PRODUCT, JoinEmitMode.COMPLETE,
                        List.of(row(1, 3), row(2, 3), row(5, 4))),
                Arguments.of(JoinInsertMode.PRODUCT, JoinEmitMode.FINAL,
                        List.of(row(1, 3), row(1, 4), row(2, 3), row(2, 4), row(5, 3), row(5, 4))),
                Arguments.of(JoinInsertMode.PRODUCT, JoinEmitMode.RUNNING, List.of(
                        row(1, null),
                        row(1, null), row(2, null),
                        row(1, 3), row(2, 3),
                        row(1, 3), row(1, 4), row(2, 3), row(2, 4),
                        row(1, 3), row(1, 4), row(2, 3), row(2, 4), row(5, 3), row(5, 4))));
        return EntryPoint.all().flatMap(ep -> modes.stream().map(m -> {
            Object[] a = m.get();
            return Arguments.of(ep, a[0], a[1], a[2]);
        }));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("everyModeUnderEveryEntryPoint")
    void joinEmitsTheRowsOfItsInsertAndEmitMode(EntryPoint ep, JoinInsertMode insert, JoinEmitMode emit,
            List<List<Object>> expected) {
        List<List<Object>> rows = joinScripted(ep, List.of("L1", "L2", "R3", "R4", "L5"), insert, emit);

        assertEquals(expected, rows);
    }

    // ---- Bytewax's scenarios, one input per side ------------------------------------------------

    private static List<List<Object>> joinTwoInputs(EntryPoint ep, List<Integer> inpL, List<Integer> inpR,
            JoinInsertMode insert, JoinEmitMode emit) {
        List<List<Object>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        KeyedStream<Integer> lefts = flow.input("inp_l", new TestingSource<Integer>(inpL)).keyOn("key_l", x -> "ALL");
        KeyedStream<Integer> rights = flow.input("inp_r", new TestingSource<Integer>(inpR)).keyOn("key_r", x -> "ALL");
        lefts.join("join", insert, emit, rights).keyRm("unkey").output("out", new TestingSink<>(out));
        ep.run(flow);
        return out;
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void joinLastCompleteEmitsOnceBothSidesHaveAValue(EntryPoint ep) {
        List<List<Object>> out = joinTwoInputs(ep, List.of(1), List.of(2), JoinInsertMode.LAST,
                JoinEmitMode.COMPLETE);

        assertEquals(List.of(row(1, 2)), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void joinFirstFinalKeepsTheFirstValueOfEachSide(EntryPoint ep) {
        List<List<Object>> out = joinTwoInputs(ep, List.of(1), List.of(2, 3), JoinInsertMode.FIRST,
                JoinEmitMode.FINAL);

        assertEquals(List.of(row(1, 2)), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void joinLastFinalKeepsTheLastValueOfEachSide(EntryPoint ep) {
        List<List<Object>> out = joinTwoInputs(ep, List.of(1), List.of(2, 3), JoinInsertMode.LAST,
                JoinEmitMode.FINAL);

        assertEquals(List.of(row(1, 3)), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void joinProductFinalEmitsTheCrossProductAtEndOfInput(EntryPoint ep) {
        List<List<Object>> out = joinTwoInputs(ep, List.of(1, 2), List.of(3, 4), JoinInsertMode.PRODUCT,
                JoinEmitMode.FINAL);

        assertEquals(List.of(row(1, 3), row(1, 4), row(2, 3), row(2, 4)), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void joinFinalEmitsNullForASideThatNeverHadAValue(EntryPoint ep) {
        List<List<Object>> out = joinTwoInputs(ep, List.of(1), List.of(), JoinInsertMode.LAST,
                JoinEmitMode.FINAL);

        assertEquals(List.of(row(1, null)), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void joinCompleteNeverEmitsAKeyThatOnlyOneSideHad(EntryPoint ep) {
        List<List<Object>> out = joinTwoInputs(ep, List.of(1, 2), List.of(), JoinInsertMode.LAST,
                JoinEmitMode.COMPLETE);

        assertEquals(List.of(), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void joinMatchesValuesByKeyOnly(EntryPoint ep) {
        List<KV<List<Object>>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        KeyedStream<String> names = KeyedStream.of(flow.input("names", new TestingSource<KV<String>>(List.of(
                KV.of("1", "alice"), KV.of("2", "bob"), KV.of("4", "dan")))));
        KeyedStream<Integer> ages = KeyedStream.of(flow.input("ages", new TestingSource<KV<Integer>>(List.of(
                KV.of("3", 77), KV.of("1", 30), KV.of("2", 41)))));
        names.join("join", JoinInsertMode.LAST, JoinEmitMode.COMPLETE, ages).output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(Map.of("1", List.of(row("alice", 30)), "2", List.of(row("bob", 41))), byKey(out));
    }

    // ---- n-way and typed forms -----------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void joinOfThreeSidesEmitsOneColumnPerSideInArgumentOrder(EntryPoint ep) {
        List<KV<List<Object>>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        KeyedStream<Integer> a = KeyedStream.of(flow.input("inp_a", new TestingSource<KV<Integer>>(List.of(
                KV.of("k", 1), KV.of("k", 2)))));
        KeyedStream<String> b = KeyedStream.of(flow.input("inp_b", new TestingSource<KV<String>>(List.of(
                KV.of("other", "x")))));
        KeyedStream<Integer> c = KeyedStream.of(flow.input("inp_c", new TestingSource<KV<Integer>>(List.of(
                KV.of("k", 3), KV.of("k", 4)))));
        a.join("join", JoinInsertMode.PRODUCT, JoinEmitMode.FINAL, b, c).output("out", new TestingSink<>(out));

        ep.run(flow);

        Map<String, List<List<Object>>> rows = byKey(out);
        assertEquals(List.of(row(1, null, 3), row(1, null, 4), row(2, null, 3), row(2, null, 4)), rows.get("k"));
        assertEquals(List.of(row(null, "x", null)), rows.get("other"));
        assertEquals(2, rows.size(), "rows: " + rows);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void joinOfThreeSidesRunningEmitsAfterEveryValue(EntryPoint ep) {
        List<KV<List<Object>>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        // One input, three sides: "a1" goes to side a with value 1, and so on.
        io.waxwing.dataflow.Stream<String> inp = flow.input("inp",
                new TestingSource<String>(List.of("b1", "a2", "c3", "b4")));
        BranchOut<String, String> aOrNot = inp.branch("is_a", s -> s.startsWith("a"));
        BranchOut<String, String> bOrC = aOrNot.falses().branch("is_b", s -> s.startsWith("b"));
        KeyedStream<Integer> a = aOrNot.trues().keyOn("key_a", s -> "k").mapValue("val_a", JoinTest::number);
        KeyedStream<Integer> b = bOrC.trues().keyOn("key_b", s -> "k").mapValue("val_b", JoinTest::number);
        KeyedStream<Integer> c = bOrC.falses().keyOn("key_c", s -> "k").mapValue("val_c", JoinTest::number);
        a.join("join", JoinInsertMode.LAST, JoinEmitMode.RUNNING, b, c).output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(Map.of("k", List.of(row(null, 1, null), row(2, 1, null), row(2, 1, 3), row(2, 4, 3))),
                byKey(out));
    }

    private static int number(String tagged) {
        return Integer.parseInt(tagged.substring(1));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void typedJoinDefaultsToLastCompleteWithLeftAndRightColumns(EntryPoint ep) {
        List<KV<Joined<String, Integer>>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        KeyedStream<String> names = KeyedStream.of(flow.input("names", new TestingSource<KV<String>>(List.of(
                KV.of("1", "alice"), KV.of("2", "bob")))));
        KeyedStream<Integer> ages = KeyedStream.of(flow.input("ages", new TestingSource<KV<Integer>>(List.of(
                KV.of("1", 30), KV.of("3", 99)))));
        KeyedStream<Joined<String, Integer>> rows = names.join("join", ages);
        rows.mapValue("describe", j -> j.left().toUpperCase() + " is " + j.right())
                .output("described", new TestingSink<>(new ArrayList<>()));
        rows.output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(KV.of("1", new Joined<>("alice", 30))), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void typedJoinWithProductFinalHasNullForAMissingSide(EntryPoint ep) {
        List<KV<Joined<String, Integer>>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        KeyedStream<String> names = KeyedStream.of(flow.input("names", new TestingSource<KV<String>>(List.of(
                KV.of("1", "alice"), KV.of("2", "bob"), KV.of("1", "alicia")))));
        KeyedStream<Integer> ages = KeyedStream.of(flow.input("ages", new TestingSource<KV<Integer>>(List.of(
                KV.of("1", 30), KV.of("3", 99)))));
        names.join("join", ages, JoinInsertMode.PRODUCT, JoinEmitMode.FINAL).output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(Map.of(
                "1", List.of(new Joined<>("alice", 30), new Joined<>("alicia", 30)),
                "2", List.of(new Joined<String, Integer>("bob", null)),
                "3", List.of(new Joined<String, Integer>(null, 99))), byKey(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void typedJoinRunningEmitsEveryUpdateOfAKey(EntryPoint ep) {
        List<KV<Joined<Integer, Integer>>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        BranchOut<String, String> sides = flow.input("inp", new TestingSource<String>(List.of("L1", "R2", "R3", "L4")))
                .branch("side", s -> s.startsWith("L"));
        KeyedStream<Integer> lefts = sides.trues().keyOn("key_l", s -> "k").mapValue("val_l", JoinTest::number);
        KeyedStream<Integer> rights = sides.falses().keyOn("key_r", s -> "k").mapValue("val_r", JoinTest::number);
        lefts.join("join", rights, JoinInsertMode.LAST, JoinEmitMode.RUNNING).output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(Map.of("k", List.of(new Joined<Integer, Integer>(1, null), new Joined<>(1, 2),
                new Joined<>(1, 3), new Joined<>(4, 3))), byKey(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void joinCompleteStartsOverForAKeyAfterEmitting(EntryPoint ep) {
        List<List<Object>> rows = joinScripted(ep, List.of("L1", "R2", "R3", "L4", "L5", "R6"),
                JoinInsertMode.LAST, JoinEmitMode.COMPLETE);

        assertEquals(List.of(row(1, 2), row(4, 3), row(5, 6)), rows);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void joinProductFinalOverManyKeysEmitsEachKeysCrossProduct(EntryPoint ep) {
        List<KV<List<Object>>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        List<KV<Integer>> ls = new ArrayList<>();
        List<KV<Integer>> rs = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            ls.add(KV.of("k" + k, k));
            ls.add(KV.of("k" + k, k + 100));
            rs.add(KV.of("k" + k, -k));
        }
        KeyedStream<Integer> lefts = KeyedStream.of(flow.input("inp_l", new TestingSource<KV<Integer>>(ls, 3)));
        KeyedStream<Integer> rights = KeyedStream.of(flow.input("inp_r", new TestingSource<KV<Integer>>(rs, 2)));
        lefts.join("join", JoinInsertMode.PRODUCT, JoinEmitMode.FINAL, rights).output("out", new TestingSink<>(out));

        ep.run(flow);

        Map<String, List<List<Object>>> rows = byKey(out);
        assertEquals(20, rows.size(), "keys: " + rows.keySet());
        for (int k = 0; k < 20; k++) {
            // The left side's values keep their input order, and so do the rows of the product.
            assertEquals(List.of(row(k, -k), row(k + 100, -k)), rows.get("k" + k), "key k" + k);
        }
    }
}
