package io.waxwing.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.errors.WaxwingRuntimeException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Maps and filters fused into one compiled chain per JVM and chain of function objects. */
class FusedChainTest {
    private static final Function<Object, Object> TRIPLE = x -> (Integer) x * 3;
    private static final Predicate<Object> EVEN = x -> (Integer) x % 2 == 0;
    private static final Function<Object, Object> INCREMENT = x -> (Integer) x + 1;

    /** Records what reaches the end of the chain. */
    private static class Recorder extends Pipe {
        final List<Object> seen = new ArrayList<>();

        @Override
        public void push(Object item) {
            seen.add(item);
        }

        @Override
        void flush() {
            seen.add("flush");
        }

        @Override
        void barrier(long epoch) {
            seen.add("barrier " + epoch);
        }

        @Override
        void eof() {
            seen.add("eof");
        }
    }

    private static FusedChain chain(Pipe end) {
        return FusedChain.map("df.triple", TRIPLE, FusedChain.filter("df.even", EVEN,
                FusedChain.map("df.increment", INCREMENT, end)));
    }

    @Test
    void consecutiveMapsAndFiltersBecomeOneChainThatComputesWhatTheStepsDo() {
        Recorder end = new Recorder();
        FusedChain chain = chain(end);
        assertEquals(3, chain.length());
        assertSame(end, chain.terminal());
        chain.pushAll(List.of(0, 1, 2, 3));
        chain.push(4);
        chain.flush();
        chain.barrier(3);
        chain.eof();
        assertEquals(List.of(1, 7, 13, "flush", "barrier 3", "eof"), end.seen);
    }

    @Test
    void theSameStepsAndFunctionsShareOneClassAndOthersGetTheirOwn() {
        FusedChain a = chain(new Recorder());
        FusedChain b = chain(new Recorder());
        assertNotSame(a, b);
        assertSame(a.getClass(), b.getClass(), "a dataflow built again reuses the compiled chain");
        assertTrue(a.getClass().isHidden());
        Function<Object, Object> otherIncrement = x -> (Integer) x + 1;
        FusedChain c = FusedChain.map("df.triple", TRIPLE, FusedChain.filter("df.even", EVEN,
                FusedChain.map("df.increment", otherIncrement, new Recorder())));
        assertNotSame(a.getClass(), c.getClass(), "another function object is another chain");
        FusedChain d = FusedChain.map("df.triple2", TRIPLE, FusedChain.filter("df.even", EVEN,
                FusedChain.map("df.increment", INCREMENT, new Recorder())));
        assertNotSame(a.getClass(), d.getClass(), "another step id is another chain");
    }

    @Test
    void aFailingFunctionIsNamedByItsStepAndLaterStepsDoNotRun() {
        Recorder end = new Recorder();
        FusedChain chain = FusedChain.map("df.ok", TRIPLE, FusedChain.filter("df.picky", x -> {
            if ((Integer) x == 6) {
                throw new IllegalArgumentException("no sixes");
            }
            return true;
        }, FusedChain.map("df.boom", x -> {
            throw new IllegalStateException("boom at " + x);
        }, end)));
        WaxwingRuntimeException filterFailure = assertThrows(WaxwingRuntimeException.class, () -> chain.push(2));
        assertEquals("df.picky", filterFailure.stepId());
        assertEquals("no sixes", filterFailure.getCause().getMessage());
        WaxwingRuntimeException mapFailure = assertThrows(WaxwingRuntimeException.class,
                () -> chain.pushAll(List.of(1)));
        assertEquals("df.boom", mapFailure.stepId());
        assertEquals("boom at 3", mapFailure.getCause().getMessage());
        assertEquals(List.of(), end.seen);
    }

    @Test
    void aFailureFurtherDownPassesThroughUnchanged() {
        Pipe failing = new Recorder() {
            @Override
            public void push(Object item) {
                throw new WaxwingRuntimeException("df.sink", new IllegalStateException("sink full"));
            }
        };
        WaxwingRuntimeException e = assertThrows(WaxwingRuntimeException.class, () -> chain(failing).push(2));
        assertEquals("df.sink", e.stepId());
    }

    @Test
    void whatAFunctionCapturesIsNotKeptOnceNoChainUsesIt() throws InterruptedException {
        WeakReference<Object> captured = chainOverCapturedData();
        for (int i = 0; i < 50 && captured.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(captured.get(), "the chain's class, function and captured data were collected");
    }

    /** Runs a chain whose function captures a large array, then drops the chain. */
    private static WeakReference<Object> chainOverCapturedData() {
        long[] table = new long[1 << 20];
        table[7] = 42;
        Recorder end = new Recorder();
        FusedChain chain = FusedChain.map("df.lookup", x -> table[(Integer) x], end);
        chain.pushAll(List.of(7));
        assertEquals(List.of(42L), end.seen);
        return new WeakReference<>(table);
    }
}
