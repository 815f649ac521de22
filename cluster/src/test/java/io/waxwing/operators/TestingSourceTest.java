package io.waxwing.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.Stream;
import io.waxwing.inputs.DynamicSource;
import io.waxwing.inputs.StatefulSourcePartition;
import io.waxwing.inputs.StatelessSourcePartition;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TestingSource} and its markers, run under every entry point, and its partition contract
 * (batches, snapshot, resume) on its own, after Bytewax's {@code test_testing.py}.
 */
@Timeout(30)
class TestingSourceTest {

    private static <T> List<T> synchronizedList() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    // ---- eof -----------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void eofEndsTheInputBeforeTheItemsAfterIt(EntryPoint ep) {
        List<Integer> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2, TestingSource.eof(), 3, 4)))
                .map("same", x -> x)
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(1, 2), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void eofEndsTheInputOfStatefulStepsWhichEmitTheirFinalValues(EntryPoint ep) {
        List<KV<Long>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<String>(List.of("a", "b", "a", TestingSource.eof(), "a", "c"), 2))
                .keyOn("key", s -> s)
                .countFinal("count")
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        List<KV<Long>> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparing(KV::key));
        assertEquals(List.of(KV.of("a", 2L), KV.of("b", 1L)), sorted);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void aSecondRunWithoutRecoveryReadsTheSourceFromTheBeginning(EntryPoint ep) {
        List<Integer> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2, TestingSource.eof(), 3)))
                .output("out", new TestingSink<>(out));

        ep.run(flow);
        assertEquals(List.of(1, 2), out);

        out.clear();
        ep.run(flow);
        assertEquals(List.of(1, 2), out);
    }

    // ---- abort ---------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void abortStopsTheRunAndTheEntryPointReturnsNormally(EntryPoint ep) {
        List<Integer> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2, TestingSource.abort(), 3)))
                .map("same", x -> x)
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        // The items before the abort went through stateless steps on the reading worker, so they
        // were written; the one after it was never read.
        assertEquals(List.of(1, 2), out);
    }

    /** An input on every worker that never ends and has no items for an hour. */
    private static DynamicSource<Integer> idleForever() {
        return (stepId, worker, workers) -> new StatelessSourcePartition<>() {
            private final Instant later = Instant.now().plus(Duration.ofHours(1));

            @Override
            public List<Integer> nextBatch() {
                return List.of();
            }

            @Override
            public Instant nextAwake() {
                return later;
            }
        };
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void abortStopsEveryWorkerEvenWhileOtherInputsAreStillOpen(EntryPoint ep) {
        List<Integer> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        Stream<Integer> scripted = flow.input("inp", new TestingSource<Integer>(List.of(1, TestingSource.abort(), 2)));
        Stream<Integer> open = flow.input("open", idleForever());
        scripted.merge("merge", open).output("out", new TestingSink<>(out));

        long start = System.nanoTime();
        ep.run(flow);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(elapsedMs < 10_000, "the run took " + elapsedMs + " ms");
        assertFalse(out.contains(2), "items after the abort are never read: " + out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void anAbortMarkerFiresOnceSoTheNextRunPassesIt(EntryPoint ep) {
        List<Integer> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2, TestingSource.abort(), 3)))
                .output("out", new TestingSink<>(out));

        ep.run(flow);
        assertEquals(List.of(1, 2), out);

        out.clear();
        ep.run(flow);
        assertEquals(List.of(1, 2, 3), out);
    }

    // ---- pause, batch size ---------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void pauseHoldsBackTheItemsAfterIt(EntryPoint ep) {
        List<Long> seenAtNanos = synchronizedList();
        List<Integer> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(1, TestingSource.pause(Duration.ofMillis(300)), 2)))
                .inspect("when", x -> seenAtNanos.add(System.nanoTime()))
                .output("out", new TestingSink<>(out));

        ep.run(flow);

        assertEquals(List.of(1, 2), out);
        long gapMs = TimeUnit.NANOSECONDS.toMillis(seenAtNanos.get(1) - seenAtNanos.get(0));
        assertTrue(gapMs >= 290, "item 2 came " + gapMs + " ms after item 1");
    }

    record Seen(String item, long epoch) {
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void markersEndABatch(EntryPoint ep) {
        List<Seen> seen = synchronizedList();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<String>(List.of("a", "b", "c", TestingSource.pause(Duration.ofMillis(10)),
                "d", "e", TestingSource.eof(), "f"), 5))
                .inspectDebug("insp", (step, x, epoch, worker) -> seen.add(new Seen(x, epoch)));

        ep.run(flow, Duration.ZERO, null);

        // With a zero epoch interval each batch is an epoch of its own.
        assertEquals(List.of(new Seen("a", 1), new Seen("b", 1), new Seen("c", 1), new Seen("d", 2),
                new Seen("e", 2)), seen);
    }

    // ---- the partition on its own --------------------------------------------------------------

    @Test
    void aPartitionEmitsBatchesOfTheBatchSizeThenEnds() {
        StatefulSourcePartition<Integer, Integer> part = new TestingSource<Integer>(List.of(0, 1, 2, 3, 4), 2)
                .buildPart("test", "iterable", null);

        assertEquals(List.of(0, 1), part.nextBatch());
        assertEquals(List.of(2, 3), part.nextBatch());
        assertEquals(List.of(4), part.nextBatch());
        assertNull(part.nextBatch());
    }

    @Test
    void aPartitionResumesFromTheIndexItsSnapshotGave() {
        TestingSource<Integer> source = new TestingSource<>(List.of(0, 1, 2));
        StatefulSourcePartition<Integer, Integer> part = source.buildPart("test", "iterable", null);
        assertEquals(List.of("iterable"), source.listParts());
        assertEquals(List.of(0), part.nextBatch());
        assertEquals(List.of(1), part.nextBatch());
        Integer resume = part.snapshot();
        assertEquals(2, resume);
        part.close();

        StatefulSourcePartition<Integer, Integer> resumed = source.buildPart("test", "iterable", resume);

        assertEquals(resume, resumed.snapshot());
        assertEquals(List.of(2), resumed.nextBatch());
        assertNull(resumed.nextBatch());
    }

    @Test
    void aPartitionResumedAfterAnEofContinuesWithTheItemsAfterIt() {
        TestingSource<Integer> source = new TestingSource<>(List.of(0, 1, 2, TestingSource.eof(), 3, 4), 2);
        StatefulSourcePartition<Integer, Integer> part = source.buildPart("test", "iterable", null);
        assertEquals(List.of(0, 1), part.nextBatch());
        assertEquals(List.of(2), part.nextBatch());
        assertNull(part.nextBatch());

        StatefulSourcePartition<Integer, Integer> resumed = source.buildPart("test", "iterable", part.snapshot());

        assertEquals(List.of(3, 4), resumed.nextBatch());
        assertNull(resumed.nextBatch());
    }
}
