package io.waxwing.engine;

import io.waxwing.engine.recovery.RecoveryStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.Stream;
import io.waxwing.errors.WaxwingRuntimeException;
import io.waxwing.outputs.DynamicSink;
import io.waxwing.outputs.ItemSinkPartition;
import io.waxwing.outputs.StatelessSinkPartition;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sink partitions that take items one at a time keep every promise a batch partition makes. */
class ItemSinkPartitionTest {

    /** Records each worker's items and batch ends as {@code "w<worker>:<item>"} and {@code "w<worker>:|"}. */
    private static final class Recording implements DynamicSink<Integer> {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public StatelessSinkPartition<Integer> build(String stepId, int workerIndex, int workerCount) {
            return new ItemSinkPartition<>() {
                @Override
                public void write(Integer item) {
                    events.add("w" + workerIndex + ":" + item);
                }

                @Override
                public void endBatch() {
                    events.add("w" + workerIndex + ":|");
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        }
    }

    /** Records the same, from whole batches. */
    private static final class Batches implements DynamicSink<Integer> {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public StatelessSinkPartition<Integer> build(String stepId, int workerIndex, int workerCount) {
            return batch -> {
                synchronized (events) {
                    for (Integer item : batch) {
                        events.add("w" + workerIndex + ":" + item);
                    }
                    events.add("w" + workerIndex + ":|");
                }
            };
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void itemsAndBatchEndsAreExactlyWhatABatchPartitionGets(int workers) {
        Dataflow flow = new Dataflow("df");
        Stream<Integer> kept = flow.input("inp", new TestingSource<Integer>(IntStream.range(0, 200).boxed().toList(), 7))
                .map("triple", x -> x * 3)
                // Whole batches of the source are dropped here: 21 items in a row are multiples of 3.
                .filter("sparse", x -> x % 2 == 0 && x % 63 < 21);
        Recording items = new Recording();
        Batches batches = new Batches();
        kept.output("items", items);
        kept.output("batches", batches);
        assertTrue(new EngineGroup(flow, workers, RecoveryStore.NONE, Duration.ZERO).runToCompletion(10_000));

        assertEquals(batches.events, items.events);
        assertTrue(items.events.contains("w0:|"));
        assertTrue(items.events.stream().filter(e -> e.endsWith(":|")).count() < 200 / 7,
                "batches with no item left are not ended");
        for (int i = 1; i < items.events.size(); i++) {
            String prev = items.events.get(i - 1);
            assertTrue(!(prev.endsWith(":|") && prev.equals(items.events.get(i))), "no empty batch at " + i);
        }
        assertEquals(workers, items.closed.get(), "each worker's partition is closed");
    }

    @Test
    void aFailingWriteIsReportedForTheSinkStep() {
        IllegalStateException boom = new IllegalStateException("disk full");
        Dataflow flow = new Dataflow("df");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3)))
                .map("inc", x -> x + 1)
                .output("out", (DynamicSink<Integer>) (stepId, worker, workers) -> (ItemSinkPartition<Integer>) item -> {
                    if (item == 3) {
                        throw boom;
                    }
                });
        assertFailsAtTheSink(flow, boom);
    }

    @Test
    void aFailingEndOfBatchIsReportedForTheSinkStep() {
        IllegalStateException boom = new IllegalStateException("flush failed");
        Dataflow flow = new Dataflow("df");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3)))
                .output("out", (DynamicSink<Integer>) (stepId, worker, workers) -> new ItemSinkPartition<Integer>() {
                    @Override
                    public void write(Integer item) {
                    }

                    @Override
                    public void endBatch() {
                        throw boom;
                    }
                });
        assertFailsAtTheSink(flow, boom);
    }

    /** Running {@code flow} fails with {@code boom}, reported for its sink step {@code df.out}. */
    private static void assertFailsAtTheSink(Dataflow flow, Throwable boom) {
        WaxwingRuntimeException e = assertThrows(WaxwingRuntimeException.class,
                () -> new EngineGroup(flow, 1, RecoveryStore.NONE, Duration.ZERO).runToCompletion(100));
        assertEquals("df.out", e.stepId());
        assertEquals(boom, e.getCause());
    }

    @Test
    void writeBatchWritesEachItemThenEndsTheBatch() {
        List<String> events = new ArrayList<>();
        ItemSinkPartition<String> p = new ItemSinkPartition<>() {
            @Override
            public void write(String item) {
                events.add(item);
            }

            @Override
            public void endBatch() {
                events.add("|");
            }
        };
        p.writeBatch(List.of("a", "b"));
        p.writeBatch(List.of("c"));
        assertEquals(List.of("a", "b", "|", "c", "|"), events);
    }

    @Test
    void aPlainSinkNextToAnItemSinkStillGetsItsLists() {
        List<Integer> out = new ArrayList<>();
        Recording items = new Recording();
        Dataflow flow = new Dataflow("df");
        Stream<Integer> s = flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3), 2));
        s.output("items", items);
        s.output("list", new TestingSink<>(out));
        assertTrue(new EngineGroup(flow, 1, RecoveryStore.NONE, Duration.ZERO).runToCompletion(100));
        assertEquals(List.of(1, 2, 3), out);
        assertEquals(List.of("w0:1", "w0:2", "w0:|", "w0:3", "w0:|"), items.events);
    }
}
