package io.waxwing.engine;

import io.waxwing.engine.recovery.SnapshotEntry;
import io.waxwing.engine.recovery.KeyFilter;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.inputs.DynamicSource;
import io.waxwing.inputs.FixedPartitionedSource;
import io.waxwing.inputs.Source;
import io.waxwing.inputs.StatefulSourcePartition;
import io.waxwing.inputs.StatelessSourcePartition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * An input step on one worker: the partitions this worker owns, polled when they are awake, their
 * items pushed into the fused chain after the step. Ends the stream once every partition has
 * ended (at once when the worker owns none).
 */
final class SourceNode implements AutoCloseable {

    /** One partition, stateful or not, behind one face. */
    private abstract static class Part {
        final String name;
        Instant awake;
        boolean ended;

        Part(String name) {
            this.name = name;
        }

        abstract List<?> next();

        abstract Instant nextAwake();

        abstract Object snapshot();

        abstract boolean resumable();

        abstract void close();
    }

    private final String stepId;
    private final Pipe next;
    private final EpochTracker tracker;
    private final int handle;
    private final List<Part> parts = new ArrayList<>();
    /**
     * Items of a batch pushed before {@link #between} runs: a large batch goes into the chain in
     * slices this long, so that what one slice sends to an exchange is processed while it is still
     * in the processor's cache (a 1000-line batch of a word count is 10 000 keyed words, whose
     * strings and {@code KV}s outgrow the cache before the keyed step reads them).
     */
    static final int SLICE = 128;

    private EngineMetrics.BatchCounter itemsOut = EngineMetrics.BatchCounter.NONE;
    /** Run between the slices of a batch (the worker processes what reached its exchange points), or {@code null}. */
    private Runnable between;
    private EngineMetrics.DurationRecorder nextBatch = EngineMetrics.DurationRecorder.NONE;
    private boolean ended;

    @SuppressWarnings("unchecked")
    SourceNode(String stepId, Source<?> source, Pipe next, int worker, int workerCount, EpochTracker tracker,
            RecoveryStore store) {
        this.stepId = stepId;
        this.next = next;
        this.tracker = tracker;
        this.handle = tracker.register();
        try {
            if (source instanceof FixedPartitionedSource<?, ?> fixed) {
                FixedPartitionedSource<Object, Object> src = (FixedPartitionedSource<Object, Object>) fixed;
                List<String> names = PartitionAssignment.mine(src.listParts(), worker, workerCount, stepId);
                Map<String, Object> resume = store.loadState(stepId, KeyFilter.of(names));
                for (String name : names) {
                    StatefulSourcePartition<Object, Object> p = src.buildPart(stepId, name, resume.get(name));
                    parts.add(stateful(name, p));
                }
            } else {
                DynamicSource<Object> src = (DynamicSource<Object>) source;
                parts.add(stateless(src.build(stepId, worker, workerCount)));
            }
        } catch (Throwable t) {
            close();
            throw StepFailure.of(stepId, t);
        }
    }

    private static Part stateful(String name, StatefulSourcePartition<Object, Object> p) {
        return new Part(name) {
            @Override
            List<?> next() {
                return p.nextBatch();
            }

            @Override
            Instant nextAwake() {
                return p.nextAwake();
            }

            @Override
            Object snapshot() {
                return p.snapshot();
            }

            @Override
            boolean resumable() {
                return true;
            }

            @Override
            void close() {
                p.close();
            }
        };
    }

    private static Part stateless(StatelessSourcePartition<Object> p) {
        return new Part("worker") {
            @Override
            List<?> next() {
                return p.nextBatch();
            }

            @Override
            Instant nextAwake() {
                return p.nextAwake();
            }

            @Override
            Object snapshot() {
                return null;
            }

            @Override
            boolean resumable() {
                return false;
            }

            @Override
            void close() {
                p.close();
            }
        };
    }

    /**
     * Asks every awake partition for one batch and pushes it on.
     *
     * @return how many partitions returned a non-empty batch
     */
    int poll(Instant now) {
        if (ended) {
            return 0;
        }
        int batches = 0;
        for (Part p : parts) {
            if (p.ended) {
                continue;
            }
            if (p.awake == null || !p.awake.isAfter(now)) {
                List<?> batch;
                try {
                    if (nextBatch == EngineMetrics.DurationRecorder.NONE) {
                        batch = p.next();
                    } else {
                        long t0 = System.nanoTime();
                        batch = p.next();
                        nextBatch.record(System.nanoTime() - t0);
                    }
                    p.awake = batch == null ? null : p.nextAwake();
                } catch (Throwable t) {
                    throw StepFailure.of(stepId, t);
                }
                if (batch == null) {
                    p.ended = true;
                    continue;
                }
                if (!batch.isEmpty()) {
                    itemsOut.add(batch.size());
                    pushAll(batch);
                    next.flush();
                    batches++;
                }
            }
        }
        return batches;
    }

    /**
     * Pushes the items of one batch into the chain: from the chain's own loop when it starts with
     * fused steps ({@link FusedChain}), else from this method of its own, so that the JIT compiles
     * the per-item loop, with what follows inlined into it, apart from the per-batch work.
     */
    private void pushAll(List<?> batch) {
        int n = batch.size();
        if (between == null || n <= SLICE || !(batch instanceof RandomAccess)) {
            pushSlice(batch);
            return;
        }
        for (int from = 0; from < n; from += SLICE) {
            if (from > 0) {
                between.run();
            }
            pushSlice(batch.subList(from, Math.min(n, from + SLICE)));
        }
    }

    private void pushSlice(List<?> batch) {
        Pipe to = next;
        if (to instanceof FusedChain chain) {
            chain.pushAll(batch);
        } else if (batch instanceof RandomAccess) {
            for (int i = 0, n = batch.size(); i < n; i++) {
                to.push(batch.get(i));
            }
        } else {
            for (Object item : batch) {
                to.push(item);
            }
        }
    }

    /**
     * Has {@code task} run between the slices of a batch longer than {@link #SLICE} items, when no
     * item of the batch is in the chain (the steps after an exchange point may push into pipes this
     * chain shares, such as a merge).
     */
    void betweenSlices(Runnable task) {
        this.between = task;
    }

    /** Counts the items of each batch read (once per batch). */
    void countInto(EngineMetrics.BatchCounter counter, EngineMetrics.DurationRecorder nextBatchTime) {
        this.itemsOut = counter;
        this.nextBatch = nextBatchTime;
    }

    /** Whether some partition may have items now. */
    boolean ready(Instant now) {
        if (ended) {
            return false;
        }
        for (Part p : parts) {
            if (!p.ended && (p.awake == null || !p.awake.isAfter(now))) {
                return true;
            }
        }
        return false;
    }

    /** The earliest time a partition asked to be polled at, or {@code null}. */
    Instant nextAwake() {
        Instant min = null;
        for (Part p : parts) {
            if (!p.ended && p.awake != null && (min == null || p.awake.isBefore(min))) {
                min = p.awake;
            }
        }
        return min;
    }

    /** Closes {@code epoch}: snapshots the partitions and sends the barrier on. */
    void barrier(long epoch) {
        if (ended) {
            return;
        }
        tracker.add(epoch, snapshot());
        tracker.closed(handle, epoch);
        next.barrier(epoch);
    }

    /** If every partition has ended, snapshots them for {@code epoch} and ends the stream. */
    void endIfExhausted(long epoch) {
        if (ended) {
            return;
        }
        for (Part p : parts) {
            if (!p.ended) {
                return;
            }
        }
        ended = true;
        tracker.add(epoch, snapshot());
        tracker.ended(handle, epoch);
        next.eof();
    }

    private List<SnapshotEntry> snapshot() {
        List<SnapshotEntry> entries = new ArrayList<>(parts.size());
        for (Part p : parts) {
            if (p.resumable()) {
                try {
                    entries.add(new SnapshotEntry(stepId, p.name, p.snapshot()));
                } catch (Throwable t) {
                    throw StepFailure.of(stepId, t);
                }
            }
        }
        return entries;
    }

    boolean ended() {
        return ended;
    }

    /** Whether the stream has ended or will at the next {@link #endIfExhausted}: no partition is left. */
    boolean exhausted() {
        if (ended) {
            return true;
        }
        for (Part p : parts) {
            if (!p.ended) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        for (Part p : parts) {
            try {
                p.close();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(SourceNode.class).warn("closing a partition of {} failed", stepId, e);
            }
        }
    }
}
