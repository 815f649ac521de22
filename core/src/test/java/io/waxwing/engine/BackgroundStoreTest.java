package io.waxwing.engine;

import io.waxwing.engine.recovery.InMemoryRecoveryStore;
import io.waxwing.engine.recovery.SnapshotEntry;
import io.waxwing.engine.recovery.KeyFilter;
import io.waxwing.engine.recovery.RecoveryStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.StateAndOutput;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Snapshot writes run in the background: the worker goes on with the next epochs, an epoch counts
 * as stored only once its write and every earlier one are durable, the engine is woken when one
 * completes, a failed write fails the worker, and the worker is done only when everything is stored.
 */
class BackgroundStoreTest {

    /** A store whose writes complete when the test says so. */
    private static final class ManualStore implements RecoveryStore {
        final InMemoryRecoveryStore memory = new InMemoryRecoveryStore();
        final List<Long> epochs = Collections.synchronizedList(new ArrayList<>());
        final List<CompletableFuture<Void>> writes = Collections.synchronizedList(new ArrayList<>());

        @Override
        public CompletableFuture<Void> storeAsync(int workerIndex, long epoch, List<SnapshotEntry> entries) {
            memory.store(workerIndex, epoch, entries);
            epochs.add(epoch);
            CompletableFuture<Void> done = new CompletableFuture<>();
            writes.add(done);
            return done;
        }

        @Override
        public long committedEpoch() {
            return memory.committedEpoch();
        }

        @Override
        public java.util.Map<String, Object> loadState(String stepId, KeyFilter keyFilter) {
            return memory.loadState(stepId, keyFilter);
        }

        @Override
        public void store(int workerIndex, long epoch, List<SnapshotEntry> entries) {
            throw new AssertionError("the engine writes in the background");
        }

        @Override
        public void commit(long epoch) {
            memory.commit(epoch);
        }
    }

    private static Dataflow sums(List<Object> items, List<KV<Long>> out) {
        Dataflow flow = new Dataflow("bg");
        flow.input("inp", new TestingSource<Integer>(items, 1))
                .keyOn("key", x -> "k")
                .statefulMap("sum", (Long s, Integer x) -> {
                    long t = (s == null ? 0 : s) + x;
                    return new StateAndOutput<>(t, t);
                })
                .output("out", new TestingSink<>(out));
        return flow;
    }

    private static WorkerEngine engine(Dataflow flow, RecoveryStore store) {
        WorkerEngine[] self = new WorkerEngine[1];
        self[0] = new WorkerEngine(DataflowPlan.of(flow), 0, 1, (to, env) -> self[0].deliver(env), store, 1,
                EngineConfig.withEpochInterval(java.time.Duration.ZERO));
        return self[0];
    }

    /** Activates until the engine is idle or done. */
    private static Activation run(WorkerEngine engine) {
        Activation a;
        int guard = 0;
        do {
            a = engine.activate();
            assertTrue(++guard < 10_000, "the engine never went idle");
        } while (a == Activation.READY);
        return a;
    }

    @Test
    void theStoredEpochAdvancesOnlyAsWritesCompleteInOrder() {
        ManualStore store = new ManualStore();
        List<KV<Long>> out = Collections.synchronizedList(new ArrayList<>());
        WorkerEngine engine = engine(sums(List.of(1, 2, 3), out), store);
        AtomicInteger wakes = new AtomicInteger();
        engine.onStoreProgress(wakes::incrementAndGet);

        assertEquals(Activation.IDLE, run(engine), "waits for its writes before it is done");
        assertEquals(List.of(1L, 3L, 6L), out.stream().map(KV::value).toList(), "went on while writing");
        assertTrue(store.epochs.size() >= 2, "several epochs were handed to the store: " + store.epochs);
        assertEquals(0, engine.storedEpoch());

        // The second write completes first: nothing counts until the first does.
        store.writes.get(1).complete(null);
        assertEquals(1, wakes.get());
        run(engine);
        assertEquals(0, engine.storedEpoch());

        store.writes.get(0).complete(null);
        run(engine);
        assertEquals(store.epochs.get(1), engine.storedEpoch());

        store.writes.forEach(w -> w.complete(null));
        assertEquals(Activation.DONE, run(engine));
        assertEquals(store.epochs.get(store.epochs.size() - 1), engine.storedEpoch());
    }

    @Test
    void aFailedWriteFailsTheWorkerWithTheStoresException() {
        ManualStore store = new ManualStore();
        WorkerEngine engine = engine(sums(List.of(1, 2), new ArrayList<>()), store);
        run(engine);
        IllegalStateException boom = new IllegalStateException("disk full");
        store.writes.get(0).completeExceptionally(boom);
        RuntimeException e = assertThrows(RuntimeException.class, () -> run(engine));
        assertSame(boom, e);
    }

    @Test
    void drainingWaitsForEveryWriteStartedSoFar() throws Exception {
        ManualStore store = new ManualStore();
        WorkerEngine engine = engine(sums(List.of(1, 2, 3), new ArrayList<>()), store);
        run(engine);
        Thread completer = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            store.writes.forEach(w -> w.complete(null));
        });
        completer.start();
        assertEquals(store.epochs.get(store.epochs.size() - 1), engine.drainStores());
        completer.join(5_000);
    }
}
