package io.waxwing.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.Stream;
import io.waxwing.errors.WaxwingRuntimeException;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Per-position copies of the fused pipes: distinct where they must be, shared where they may be. */
class PipeCopiesTest {

    @Test
    void eachPositionOfAChainGetsItsOwnClassAndAPositionAlwaysTheSame() {
        Function<Object, Object> id = x -> x;
        Set<Class<?>> classes = new HashSet<>();
        for (int position = 1; position <= PipeCopies.POSITIONS; position++) {
            Pipe pipe = PipeCopies.map(position, "df.m", id, Pipe.DISCARD);
            assertTrue(pipe.getClass().isHidden(), pipe.getClass() + " is a copy");
            assertTrue(classes.add(pipe.getClass()), "position " + position + " has a class of its own");
            assertSame(pipe.getClass(), PipeCopies.map(position, "df.m2", id, Pipe.DISCARD).getClass(),
                    "a position's class is reused by the next plan, so its compiled code is too");
        }
        assertSame(PipeCopies.map(PipeCopies.POSITIONS, "df.m", id, Pipe.DISCARD).getClass(),
                PipeCopies.map(PipeCopies.POSITIONS + 5, "df.m", id, Pipe.DISCARD).getClass(),
                "positions past the last share its copy");
        assertNotEquals(PipeCopies.map(1, "df.m", id, Pipe.DISCARD).getClass(),
                PipeCopies.filter(1, "df.f", x -> true, Pipe.DISCARD).getClass());
        assertThrows(IllegalArgumentException.class, () -> PipeCopies.map(0, "df.m", id, Pipe.DISCARD));
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
        Pipe chain = PipeCopies.map(3, "df.double", x -> (Integer) x * 2,
                PipeCopies.filter(2, "df.big", x -> (Integer) x > 2,
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
