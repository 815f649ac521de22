package io.waxwing.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KeyedStream;
import io.waxwing.dataflow.Stream;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mistakes in a dataflow's shape are {@link IllegalArgumentException}s: at build time where they
 * can be known then (no entry point involved), else when the run starts, before any item flows.
 */
@Timeout(30)
class ValidationTest {

    // ---- at build time -------------------------------------------------------------------------

    @Test
    void reusingAStepIdIsRejectedWhenTheStepIsAdded() {
        Dataflow flow = new Dataflow("test_df");
        Stream<Integer> nums = flow.input("inp", new TestingSource<Integer>(List.of(1)));
        nums.map("double", x -> x * 2);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> nums.map("double", x -> x * 3));
        assertTrue(e.getMessage().contains("double"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> flow.input("inp", new TestingSource<Integer>(List.of(2))));
        assertThrows(IllegalArgumentException.class,
                () -> nums.output("double", new TestingSink<>(new ArrayList<>())));
    }

    @Test
    void reusingTheIdOfACompositeStepIsRejected() {
        Dataflow flow = new Dataflow("test_df");
        KeyedStream<Integer> a = flow.input("inp_a", new TestingSource<Integer>(List.of(1))).keyOn("key_a", x -> "k");
        KeyedStream<Integer> b = flow.input("inp_b", new TestingSource<Integer>(List.of(1))).keyOn("key_b", x -> "k");
        a.join("join", b);

        assertThrows(IllegalArgumentException.class, () -> a.countFinal("join"));
        assertThrows(IllegalArgumentException.class, () -> b.join("join", a));
    }

    @Test
    void aStepIdContainingAPeriodIsRejected() {
        Dataflow flow = new Dataflow("test_df");

        assertThrows(IllegalArgumentException.class,
                () -> flow.input("in.p", new TestingSource<Integer>(List.of(1))));
        Stream<Integer> nums = flow.input("inp", new TestingSource<Integer>(List.of(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> nums.map("add.one", x -> x + 1));
        assertTrue(e.getMessage().contains("add.one"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dataflow("test.df"));
    }

    @Test
    void anEmptyStepIdIsRejected() {
        Dataflow flow = new Dataflow("test_df");

        assertThrows(IllegalArgumentException.class, () -> flow.input("", new TestingSource<Integer>(List.of(1))));
        assertThrows(IllegalArgumentException.class, () -> new Dataflow(""));
    }

    @Test
    void mixingStreamsOfTwoDataflowsIsRejected() {
        Dataflow one = new Dataflow("one");
        Dataflow two = new Dataflow("two");
        Stream<Integer> ones = one.input("inp", new TestingSource<Integer>(List.of(1)));
        Stream<Integer> twos = two.input("inp", new TestingSource<Integer>(List.of(2)));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ones.merge("merge", twos));
        assertTrue(e.getMessage().contains("one") && e.getMessage().contains("two"), e.getMessage());

        KeyedStream<Integer> keyedOnes = ones.keyOn("key", x -> "k");
        KeyedStream<Integer> keyedTwos = twos.keyOn("key", x -> "k");
        assertThrows(IllegalArgumentException.class, () -> keyedOnes.join("join", keyedTwos));
        assertThrows(IllegalArgumentException.class,
                () -> keyedOnes.join("join_n", JoinInsertMode.LAST, JoinEmitMode.FINAL, keyedTwos));
    }

    // ---- when the run starts -------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void aDataflowWithoutInputIsRejectedWhenTheRunStarts(EntryPoint ep) {
        Dataflow flow = new Dataflow("test_df");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ep.run(flow));
        assertTrue(e.getMessage().contains("test_df"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void aDataflowWithoutOutputOrInspectIsRejectedBeforeAnyItemFlows(EntryPoint ep) {
        AtomicInteger mapped = new AtomicInteger();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3)))
                .map("count", x -> mapped.incrementAndGet())
                .keyOn("key", x -> "k")
                .countFinal("total");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ep.run(flow));
        assertTrue(e.getMessage().contains("test_df"), e.getMessage());
        assertEquals(0, mapped.get(), "no item may flow through a dataflow that is rejected");
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void anInspectDebugStepCountsAsAnOutput(EntryPoint ep) {
        AtomicInteger seen = new AtomicInteger();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3)))
                .inspectDebug("insp", (step, x, epoch, worker) -> seen.incrementAndGet());

        ep.run(flow);

        assertEquals(3, seen.get());
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void aRejectedRunLeavesTheDataflowRunnableOnceItIsFixed(EntryPoint ep) {
        List<Integer> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        Stream<Integer> doubled = flow.input("inp", new TestingSource<Integer>(List.of(1, 2)))
                .map("double", x -> x * 2);
        assertThrows(IllegalArgumentException.class, () -> ep.run(flow));

        doubled.output("out", new TestingSink<>(out));
        ep.run(flow);

        assertEquals(List.of(2, 4), out);
    }
}
