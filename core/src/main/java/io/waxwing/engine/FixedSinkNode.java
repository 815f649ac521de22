package io.waxwing.engine;

import io.waxwing.engine.recovery.SnapshotEntry;
import io.waxwing.engine.recovery.KeyFilter;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.dataflow.KV;
import io.waxwing.outputs.FixedPartitionedSink;
import io.waxwing.outputs.StatefulSinkPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The partitions of a fixed-partitioned sink that live on this worker (partition {@code i} on
 * worker {@code i % workerCount}); items reach them through an exchange. Each partition is
 * snapshotted when an epoch closes.
 */
final class FixedSinkNode extends Pipe implements AutoCloseable {
    private final String stepId;
    private final FixedPartitionedSink<Object, Object> sink;
    private final int partCount;
    private final EpochTracker tracker;
    private final int handle;
    private final EpochCell cell;
    private final Map<Integer, StatefulSinkPartition<Object, Object>> parts = new HashMap<>();
    private final Map<Integer, String> names = new HashMap<>();
    private final Map<Integer, List<Object>> buffers = new HashMap<>();

    FixedSinkNode(String stepId, FixedPartitionedSink<Object, Object> sink, List<String> partNames, int worker,
            int workerCount, EpochTracker tracker, EpochCell cell, RecoveryStore store) {
        this.stepId = stepId;
        this.sink = sink;
        this.partCount = partNames.size();
        this.tracker = tracker;
        this.handle = tracker.register();
        this.cell = cell;
        List<String> mine = new ArrayList<>();
        for (int i = worker; i < partCount; i += workerCount) {
            mine.add(partNames.get(i));
        }
        Map<String, Object> resume = store.loadState(stepId, KeyFilter.of(mine));
        try {
            for (int i = worker; i < partCount; i += workerCount) {
                String name = partNames.get(i);
                parts.put(i, sink.buildPart(stepId, name, resume.get(name)));
                names.put(i, name);
                buffers.put(i, new ArrayList<>());
            }
        } catch (Throwable t) {
            close();
            throw StepFailure.of(stepId, t);
        }
    }

    /** The worker that holds the partition for {@code item}'s key. */
    static int route(FixedPartitionedSink<Object, Object> sink, String stepId, int partCount, Object item,
            int workerCount) {
        return partIndex(sink, stepId, partCount, item) % workerCount;
    }

    private static int partIndex(FixedPartitionedSink<Object, Object> sink, String stepId, int partCount,
            Object item) {
        if (!(item instanceof KV<?> kv)) {
            throw StatefulNode.notKeyed(stepId, item);
        }
        int i;
        try {
            i = sink.partFor(kv.key(), partCount);
        } catch (Throwable t) {
            throw StepFailure.of(stepId, t);
        }
        if (i < 0 || i >= partCount) {
            throw new io.waxwing.errors.WaxwingRuntimeException(stepId, "partFor returned " + i
                    + " for key '" + kv.key() + "' but the sink has " + partCount + " partitions", null);
        }
        return i;
    }

    @Override
    public void push(Object item) {
        int i = partIndex(sink, stepId, partCount, item);
        buffers.get(i).add(((KV<?>) item).value());
    }

    @Override
    void flush() {
        for (Map.Entry<Integer, List<Object>> e : buffers.entrySet()) {
            List<Object> batch = e.getValue();
            if (!batch.isEmpty()) {
                e.setValue(new ArrayList<>());
                try {
                    parts.get(e.getKey()).writeBatch(batch);
                } catch (Throwable t) {
                    throw StepFailure.of(stepId, t);
                }
            }
        }
    }

    @Override
    void barrier(long epoch) {
        flush();
        tracker.add(epoch, snapshot());
        tracker.closed(handle, epoch);
    }

    @Override
    void eof() {
        flush();
        tracker.add(cell.epoch, snapshot());
        tracker.ended(handle, cell.epoch);
    }

    private List<SnapshotEntry> snapshot() {
        List<SnapshotEntry> entries = new ArrayList<>(parts.size());
        for (Map.Entry<Integer, StatefulSinkPartition<Object, Object>> e : parts.entrySet()) {
            try {
                entries.add(new SnapshotEntry(stepId, names.get(e.getKey()), e.getValue().snapshot()));
            } catch (Throwable t) {
                throw StepFailure.of(stepId, t);
            }
        }
        return entries;
    }

    @Override
    public void close() {
        for (StatefulSinkPartition<Object, Object> p : parts.values()) {
            p.close();
        }
    }
}
