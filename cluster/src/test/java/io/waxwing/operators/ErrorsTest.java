package io.waxwing.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.KeyedStream;
import io.waxwing.dataflow.StateAndOutput;
import io.waxwing.errors.WaxwingRuntimeException;
import io.waxwing.inputs.DynamicSource;
import io.waxwing.inputs.StatelessSourcePartition;
import io.waxwing.outputs.DynamicSink;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An exception thrown by user code in any step stops the whole execution: the entry point throws a
 * {@link WaxwingRuntimeException} whose message names the full step id and whose cause chain
 * holds the very exception object the user's code threw.
 */
@Timeout(30)
class ErrorsTest {

    private static boolean causeChainHolds(Throwable e, Throwable thrown) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t == thrown) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static WaxwingRuntimeException assertFailsIn(String fullStepId, Executable run) {
        WaxwingRuntimeException e = assertThrows(WaxwingRuntimeException.class, run);
        assertTrue(e.getMessage().contains(fullStepId), "message should name " + fullStepId + ": " + e.getMessage());
        return e;
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void anExceptionInAMapFailsTheRunNamingTheStepAndHoldingTheException(EntryPoint ep) {
        IllegalStateException boom = new IllegalStateException("boom on 2");
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3)))
                .map("boom", x -> {
                    if (x == 2) {
                        throw boom;
                    }
                    return x;
                })
                .output("out", new TestingSink<>(new ArrayList<>()));

        WaxwingRuntimeException e = assertFailsIn("test_df.boom", () -> ep.run(flow));

        assertTrue(causeChainHolds(e, boom), "cause chain should hold the thrown exception: " + e);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void anExceptionInAKeyedStepAfterAnExchangeNamesThatStep(EntryPoint ep) {
        ArithmeticException boom = new ArithmeticException("cannot average nothing");
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3, 4)))
                .keyOn("key", x -> "k" + x)
                .statefulMap("running", (Integer s, Integer x) -> {
                    if (x == 3) {
                        throw boom;
                    }
                    return new StateAndOutput<>(x, x);
                })
                .output("out", new TestingSink<>(new ArrayList<>()));

        WaxwingRuntimeException e = assertFailsIn("test_df.running", () -> ep.run(flow));

        assertTrue(causeChainHolds(e, boom), "cause chain should hold the thrown exception: " + e);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void anExceptionInAStatefulLogicsEofNamesTheStep(EntryPoint ep) {
        UnsupportedOperationException boom = new UnsupportedOperationException("no eof here");
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(1)))
                .keyOn("key", x -> "k")
                .<Integer, Integer>stateful("logic", resume -> new StatefulLogic<Integer, Integer, Integer>() {
                    @Override
                    public boolean onItem(Integer value, Consumer<? super Integer> emit) {
                        return RETAIN;
                    }

                    @Override
                    public boolean onEof(Consumer<? super Integer> emit) {
                        throw boom;
                    }

                    @Override
                    public Integer snapshot() {
                        return 0;
                    }
                })
                .output("out", new TestingSink<>(new ArrayList<>()));

        WaxwingRuntimeException e = assertFailsIn("test_df.logic", () -> ep.run(flow));

        assertTrue(causeChainHolds(e, boom), "cause chain should hold the thrown exception: " + e);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void anExceptionInASinkNamesTheOutputStep(EntryPoint ep) {
        IllegalStateException boom = new IllegalStateException("disk full");
        DynamicSink<Integer> sink = (stepId, worker, workers) -> items -> {
            throw boom;
        };
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(1))).output("out", sink);

        WaxwingRuntimeException e = assertFailsIn("test_df.out", () -> ep.run(flow));

        assertTrue(causeChainHolds(e, boom), "cause chain should hold the thrown exception: " + e);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void anExceptionInASourceNamesTheInputStep(EntryPoint ep) {
        IllegalStateException boom = new IllegalStateException("connection reset");
        DynamicSource<Integer> source = (stepId, worker, workers) -> new StatelessSourcePartition<>() {
            @Override
            public List<Integer> nextBatch() {
                throw boom;
            }
        };
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", source).output("out", new TestingSink<>(new ArrayList<>()));

        WaxwingRuntimeException e = assertFailsIn("test_df.inp", () -> ep.run(flow));

        assertTrue(causeChainHolds(e, boom), "cause chain should hold the thrown exception: " + e);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void anExceptionInTheEnrichmentGetterNamesTheStep(EntryPoint ep) {
        IllegalStateException boom = new IllegalStateException("service down");
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<String>(List.of("a")))
                .enrichCached("enrich", (String k) -> {
                    throw boom;
                }, (TtlCache<Integer> cache, String item) -> cache.get(item))
                .output("out", new TestingSink<>(new ArrayList<>()));

        WaxwingRuntimeException e = assertFailsIn("test_df.enrich", () -> ep.run(flow));

        assertTrue(causeChainHolds(e, boom), "cause chain should hold the thrown exception: " + e);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void raisesFailsTheRunOnTheFirstItem(EntryPoint ep) {
        // As in Bytewax, raises is a dataflow's end: it needs no other output step.
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(0, 1, 2))).raises("raises");

        assertFailsIn("test_df.raises", () -> ep.run(flow));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void raisesBesideAnOutputStillFailsTheRun(EntryPoint ep) {
        Dataflow flow = new Dataflow("test_df");
        io.waxwing.dataflow.Stream<Integer> nums = flow.input("inp", new TestingSource<Integer>(List.of(0, 1, 2)));
        nums.output("out", new TestingSink<>(new ArrayList<>()));
        nums.raises("raises");

        assertFailsIn("test_df.raises", () -> ep.run(flow));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void raisesOnAnEmptyStreamLetsTheRunComplete(EntryPoint ep) {
        List<Integer> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        io.waxwing.dataflow.Stream<Integer> nums = flow.input("inp", new TestingSource<Integer>(List.of(1, 2)));
        nums.output("out", new TestingSink<>(out));
        nums.filter("none", x -> false).raises("raises");

        ep.run(flow);

        assertEquals(List.of(1, 2), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void keyOnFailsTheRunWhenTheKeyFunctionReturnsNull(EntryPoint ep) {
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3)))
                .keyOn("key", x -> x == 2 ? null : "k")
                .output("out", new TestingSink<>(new ArrayList<>()));

        assertFailsIn("test_df.key", () -> ep.run(flow));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void flatMapFailsTheRunWhenTheFunctionReturnsNull(EntryPoint ep) {
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(1)))
                .flatMap("bad", x -> (List<Integer>) null)
                .output("out", new TestingSink<>(new ArrayList<>()));

        WaxwingRuntimeException e = assertFailsIn("test_df.bad", () -> ep.run(flow));

        assertInstanceOf(NullPointerException.class, e.getCause());
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void maxFinalWithoutAComparatorFailsTheRunOnValuesThatAreNotComparable(EntryPoint ep) {
        record Opaque(int n) {
        }
        Dataflow flow = new Dataflow("test_df");
        KeyedStream.of(flow.input("inp", new TestingSource<KV<Opaque>>(List.of(KV.of("k", new Opaque(1)),
                KV.of("k", new Opaque(2))))))
                .maxFinal("max")
                .output("out", new TestingSink<>(new ArrayList<>()));

        WaxwingRuntimeException e = assertFailsIn("test_df.max", () -> ep.run(flow));

        assertInstanceOf(ClassCastException.class, e.getCause());
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void aFailedRunCanBeFollowedByAnotherRunInTheSameJvm(EntryPoint ep) {
        Dataflow failing = new Dataflow("test_df");
        failing.input("inp", new TestingSource<Integer>(List.of(1)))
                .map("boom", x -> {
                    throw new IllegalStateException("boom");
                })
                .output("out", new TestingSink<>(new ArrayList<>()));
        assertFailsIn("test_df.boom", () -> ep.run(failing));

        List<Integer> out = new ArrayList<>();
        Dataflow ok = new Dataflow("test_df");
        ok.input("inp", new TestingSource<Integer>(List.of(1, 2))).output("out", new TestingSink<>(out));
        ep.run(ok);

        assertEquals(List.of(1, 2), out);
    }
}
