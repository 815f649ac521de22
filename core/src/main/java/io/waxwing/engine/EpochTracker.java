package io.waxwing.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Knows which epochs this worker has finished: every node with state (inputs, stateful steps,
 * partitioned sinks) reports the epochs it closes and its snapshots; epoch {@code e} is complete on
 * the worker when every node has closed it or ended, and its snapshots are then stored in one write.
 */
final class EpochTracker {
    private final int worker;
    private final RecoveryStore store;
    private final List<long[]> participants = new ArrayList<>();
    private final List<Boolean> endedFlags = new ArrayList<>();
    private final TreeMap<Long, List<SnapshotEntry>> pending = new TreeMap<>();
    private long stored;
    private boolean finished;

    EpochTracker(int worker, RecoveryStore store, long startEpoch) {
        this.worker = worker;
        this.store = store;
        this.stored = startEpoch - 1;
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
     * Stores every epoch that is now complete.
     *
     * @return whether the stored epoch advanced or the worker finished
     */
    boolean storeComplete() {
        if (finished) {
            return false;
        }
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
        boolean advanced = false;
        if (complete > stored) {
            for (Map.Entry<Long, List<SnapshotEntry>> e : pending.headMap(complete, true).entrySet()) {
                store.store(worker, e.getKey(), e.getValue());
            }
            pending.headMap(complete, true).clear();
            stored = complete;
            advanced = true;
        }
        if (allEnded) {
            finished = true;
            advanced = true;
        }
        return advanced;
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
