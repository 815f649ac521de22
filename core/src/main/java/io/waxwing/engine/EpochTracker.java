package io.waxwing.engine;

import io.waxwing.engine.recovery.SnapshotEntry;
import io.waxwing.engine.recovery.RecoveryStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Knows which epochs this worker has finished: every node with state (inputs, stateful steps,
 * partitioned sinks) reports the epochs it closes and its snapshots; epoch {@code e} is complete on
 * the worker when every node has closed it or ended, and its snapshots are then stored in one write.
 * Writes run in the background ({@link RecoveryStore#storeAsync}) while the worker goes on; an epoch
 * counts as stored once its write and every earlier one are durable. At most
 * {@link #MAX_IN_FLIGHT} writes are outstanding: beyond that the worker waits for the oldest.
 */
final class EpochTracker {
    static final int MAX_IN_FLIGHT = 4;

    private final int worker;
    private final RecoveryStore store;
    private final List<long[]> participants = new ArrayList<>();
    private final List<Boolean> endedFlags = new ArrayList<>();
    private final TreeMap<Long, List<SnapshotEntry>> pending = new TreeMap<>();
    private final ArrayDeque<Write> inFlight = new ArrayDeque<>();
    private Runnable wakeUp = () -> { };
    /** Every epoch up to this one was handed to the store. */
    private long requested;
    private long stored;
    private boolean finished;

    /** Where snapshot durations are reported; set by the engine before the first store. */
    private EngineMetrics metrics = EngineMetrics.NONE;

    void reportTo(EngineMetrics engineMetrics) {
        this.metrics = engineMetrics;
    }

    EpochTracker(int worker, RecoveryStore store, long startEpoch) {
        this.worker = worker;
        this.store = store;
        this.stored = startEpoch - 1;
        this.requested = stored;
    }

    /** One epoch's write; {@code done} completes when it is durable. */
    private record Write(long epoch, CompletableFuture<Void> done) {
    }

    /** Called, from any thread, whenever a background write completes. */
    void onWriteDone(Runnable wakeUp) {
        this.wakeUp = wakeUp;
    }

    /** Registers a node; returns its handle. */
    int register() {
        participants.add(new long[] {stored});
        endedFlags.add(false);
        return participants.size() - 1;
    }

    void add(long epoch, List<SnapshotEntry> entries) {
        if (!entries.isEmpty()) {
            pending.computeIfAbsent(epoch, e -> new ArrayList<>()).addAll(entries);
        }
    }

    void closed(int handle, long epoch) {
        participants.get(handle)[0] = epoch;
    }

    /** The node has ended; its last snapshots were for {@code epoch}. */
    void ended(int handle, long epoch) {
        participants.get(handle)[0] = epoch;
        endedFlags.set(handle, true);
    }

    /**
     * Starts storing every epoch that is now complete, and takes note of the writes that became
     * durable.
     *
     * @return whether the stored epoch advanced or the worker finished
     */
    boolean storeComplete() {
        if (finished) {
            return false;
        }
        boolean advanced = reap();
        long complete = Long.MAX_VALUE;
        long last = stored;
        boolean allEnded = true;
        for (int i = 0; i < participants.size(); i++) {
            long closed = participants.get(i)[0];
            last = Math.max(last, closed);
            if (!endedFlags.get(i)) {
                allEnded = false;
                complete = Math.min(complete, closed);
            }
        }
        if (allEnded) {
            complete = Math.max(last, pending.isEmpty() ? last : pending.lastKey());
        }
        if (complete > requested) {
            for (Map.Entry<Long, List<SnapshotEntry>> e : pending.headMap(complete, true).entrySet()) {
                long t0 = System.nanoTime();
                CompletableFuture<Void> done = store.storeAsync(worker, e.getKey(), e.getValue());
                if (metrics != EngineMetrics.NONE) {
                    long taken = System.nanoTime() - t0;
                    done.whenComplete((ok, failure) -> metrics.snapshotStored(worker, taken, System.nanoTime() - t0));
                }
                inFlight.add(new Write(e.getKey(), done));
                done.whenComplete((ok, failure) -> wakeUp.run());
            }
            pending.headMap(complete, true).clear();
            if (inFlight.isEmpty() || inFlight.peekLast().epoch() < complete) {
                // Epochs without snapshots are stored once every earlier one is.
                inFlight.add(new Write(complete, CompletableFuture.completedFuture(null)));
            }
            requested = complete;
            while (inFlight.size() > MAX_IN_FLIGHT) {
                await(inFlight.peek());
                advanced |= reap();
            }
            advanced |= reap();
        }
        if (allEnded && inFlight.isEmpty()) {
            finished = true;
            advanced = true;
        }
        return advanced;
    }

    /** Waits for every outstanding write; the stored epoch is then every epoch handed to the store. */
    void drain() {
        while (!inFlight.isEmpty()) {
            await(inFlight.peek());
            reap();
        }
    }

    /** Advances the stored epoch past every write that is durable, oldest first. */
    private boolean reap() {
        boolean advanced = false;
        while (!inFlight.isEmpty() && inFlight.peek().done().isDone()) {
            Write w = inFlight.poll();
            await(w);
            stored = w.epoch();
            advanced = true;
        }
        return advanced;
    }

    /** Waits for {@code w}; a failed write fails the worker with the store's exception. */
    private static void await(Write w) {
        try {
            w.done().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Every epoch up to this one is stored by this worker. */
    long storedEpoch() {
        return stored;
    }

    /** Every node has ended and everything is stored. */
    boolean finished() {
        return finished;
    }
}
