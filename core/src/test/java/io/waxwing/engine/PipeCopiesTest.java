package io.waxwing.engine;

import io.waxwing.engine.recovery.RecoveryStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.Stream;
import io.waxwing.errors.WaxwingRuntimeException;
import io.waxwing.internal.graph.ItemOp;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Per-position copies of the per-item pipes, and chains of them with fused maps and filters. */
class PipeCopiesTest {

    @Test
    void eachPositionOfAChainGetsItsOwnClassAndAPositionAlwaysTheSame() {
        ItemOp twice = (x, emit) -> {
            emit.push(x);
            emit.push(x);
        };
        Set<Class<?>> classes = new HashSet<>();
        for (int position = 1; position <= PipeCopies.POSITIONS; position++) {
            Pipe pipe = PipeCopies.transform(position, "df.t", twice, Pipe.DISCARD);
            assertTrue(pipe.getClass().isHidden(), pipe.getClass() + " is a copy");
            assertTrue(classes.add(pipe.getClass()), "position " + position + " has a class of its own");
            assertSame(pipe.getClass(), PipeCopies.transform(position, "df.t2", twice, Pipe.DISCARD).getClass(),
                    "a position's class is reused by the next plan, so its compiled code is too");
        }
        assertSame(PipeCopies.transform(PipeCopies.POSITIONS, "df.t", twice, Pipe.DISCARD).getClass(),
                PipeCopies.transform(PipeCopies.POSITIONS + 5, "df.t", twice, Pipe.DISCARD).getClass(),
                "positions past the last share its copy");
        assertThrows(IllegalArgumentException.class, () -> PipeCopies.transform(0, "df.t", twice, Pipe.DISCARD));
    }

    @Test
    void aCopyRunsTheStepLikeTheOriginal() {
        List<Object> out = new ArrayList<>();
        Pipe sink = new Pipe() {
            @Override
            public void push(Object item) {
                out.add(item);
            }

            @Override
            void flush() {
                out.add("flush");
            }

            @Override
            void barrier(long epoch) {
                out.add("barrier " + epoch);
            }

            @Override
            void eof() {
                out.add("eof");
            }
        };
        Pipe chain = FusedChain.map("df.double", x -> (Integer) x * 2,
                FusedChain.filter("df.big", x -> (Integer) x > 2,
                        PipeCopies.transform(1, "df.twice", (x, emit) -> {
                            emit.push(x);
                            emit.push(x);
                        }, sink)));
        for (int i = 0; i < 3; i++) {
            chain.push(i);
        }
        chain.flush();
        chain.barrier(7);
        chain.eof();
        assertEquals(List.of(4, 4, "flush", "barrier 7", "eof"), out);
    }

    /** More maps than there are copies, and filters among them: every step still runs, in order. */
    @Test
    void aLongChainOfMapsAndFiltersComputesWhatAPlainLoopDoes() {
        int steps = PipeCopies.POSITIONS + 4;
        List<Integer> in = IntStream.range(0, 2000).boxed().toList();
        List<Integer> out = new ArrayList<>();
        Dataflow flow = new Dataflow("df");
        Stream<Integer> s = flow.input("inp", new TestingSource<Integer>(in, 64));
        for (int i = 0; i < steps; i++) {
            int k = i;
            s = s.map("add" + i, x -> x + k);
            if (i % 5 == 4) {
                s = s.filter("sieve" + i, x -> x % 7 != 0);
            }
        }
        s.output("out", new TestingSink<>(out));
        new EngineGroup(flow, 1, RecoveryStore.NONE, Duration.ofSeconds(10)).runToCompletion(10_000);

        List<Integer> expected = new ArrayList<>();
        for (int x : in) {
            boolean kept = true;
            for (int i = 0; i < steps && kept; i++) {
                x += i;
                kept = i % 5 != 4 || x % 7 != 0;
            }
            if (kept) {
                expected.add(x);
            }
        }
        assertTrue(expected.size() > 100 && expected.size() < in.size(), "the filters keep some items");
        assertEquals(expected, out);
    }

    @Test
    void aFailingStepDeepInALongChainIsNamed() {
        Dataflow flow = new Dataflow("df");
        Stream<Integer> s = flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3)));
        for (int i = 0; i < 6; i++) {
            s = s.map("m" + i, x -> x + 1);
        }
        s = s.map("explode", x -> {
            throw new IllegalStateException("boom at " + x);
        });
        for (int i = 0; i < 6; i++) {
            s = s.map("n" + i, x -> x + 1);
        }
        s.output("out", new TestingSink<>(new ArrayList<>()));
        WaxwingRuntimeException e = assertThrows(WaxwingRuntimeException.class,
                () -> new EngineGroup(flow, 1, RecoveryStore.NONE, Duration.ZERO).runToCompletion(100));
        assertEquals("df.explode", e.stepId());
        assertEquals("boom at 7", e.getCause().getMessage());
    }
}
