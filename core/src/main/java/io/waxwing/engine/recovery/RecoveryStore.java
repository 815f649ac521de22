package io.waxwing.engine.recovery;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Where workers store epoch snapshots and read resume state. The engine calls it from its worker's
 * thread; implementations shared by several workers must be thread-safe.
 */
public interface RecoveryStore {

    /** The last committed epoch, or 0 when nothing was ever committed. */
    long committedEpoch();

    /**
     * The state of every key of {@code stepId} accepted by {@code keyFilter}, as of the last
     * committed epoch (latest snapshot at or before it; tombstoned keys absent).
     */
    Map<String, Object> loadState(String stepId, KeyFilter keyFilter);

    /** Durably stores what worker {@code workerIndex} snapshotted for {@code epoch}. */
    void store(int workerIndex, long epoch, List<SnapshotEntry> entries);

    /**
     * Like {@link #store}, but in the background: returns once the snapshots are taken (encoded, or
     * otherwise safe from later changes to the state objects) and completes the returned future
     * once they are durable, or exceptionally if they cannot be stored. Lets a worker go on with the
     * next epoch while the last one is written. The default stores synchronously.
     */
    default CompletableFuture<Void> storeAsync(int workerIndex, long epoch, List<SnapshotEntry> entries) {
        store(workerIndex, epoch, entries);
        return CompletableFuture.completedFuture(null);
    }

    /** Records that every worker has stored every epoch up to {@code epoch}. */
    void commit(long epoch);

    /** A store that keeps nothing: executions without recovery. */
    RecoveryStore NONE = new RecoveryStore() {
        @Override
        public long committedEpoch() {
            return 0;
        }

        @Override
        public Map<String, Object> loadState(String stepId, KeyFilter keyFilter) {
            return Map.of();
        }

        @Override
        public void store(int workerIndex, long epoch, List<SnapshotEntry> entries) {
        }

        @Override
        public void commit(long epoch) {
        }
    };
}
