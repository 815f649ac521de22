package io.waxwing.engine.recovery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A recovery store in the heap, for tests and for resuming within one JVM. It keeps references:
 * snapshots must not be mutated after {@code snapshot()} returned them.
 */
public final class InMemoryRecoveryStore implements RecoveryStore {
    private record Key(String stepId, String key) {
    }

    private final Map<Key, NavigableMap<Long, Object>> history = new HashMap<>();
    private long committed;

    @Override
    public synchronized long committedEpoch() {
        return committed;
    }

    @Override
    public synchronized Map<String, Object> loadState(String stepId, KeyFilter keyFilter) {
        Map<String, Object> out = new HashMap<>();
        history.forEach((k, versions) -> {
            if (k.stepId().equals(stepId) && keyFilter.test(k.key())) {
                Map.Entry<Long, Object> latest = versions.floorEntry(committed);
                if (latest != null && latest.getValue() != TOMBSTONE) {
                    out.put(k.key(), latest.getValue());
                }
            }
        });
        return out;
    }

    @Override
    public synchronized void store(int workerIndex, long epoch, List<SnapshotEntry> entries) {
        for (SnapshotEntry e : entries) {
            history.computeIfAbsent(new Key(e.stepId(), e.key()), k -> new TreeMap<>())
                    .put(epoch, e.state() == null ? TOMBSTONE : e.state());
        }
    }

    @Override
    public synchronized void commit(long epoch) {
        committed = Math.max(committed, epoch);
    }

    private static final Object TOMBSTONE = new Object();
}
