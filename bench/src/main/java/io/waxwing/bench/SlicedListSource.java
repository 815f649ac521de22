package io.waxwing.bench;

import io.waxwing.inputs.FixedPartitionedSource;
import io.waxwing.inputs.StatefulSourcePartition;
import java.util.List;
import java.util.Objects;

/**
 * An input that serves an in-memory list cut into {@code slices} contiguous partitions, each read in
 * batches of up to {@code batchSize} items. Batches are views of the list, not copies, so that a
 * benchmark measures the engine rather than its input. With several workers the slices are spread
 * over them, so each reads its share. A partition's resume state is its next index.
 *
 * <pre>{@code flow.input("lines", new SlicedListSource<>(lines, 16, 1024));}</pre>
 */
public final class SlicedListSource<T> implements FixedPartitionedSource<T, Integer> {
    private static final String PREFIX = "slice-";

    private final List<T> items;
    private final int slices;
    private final int batchSize;

    public SlicedListSource(List<T> items, int slices, int batchSize) {
        this.items = Objects.requireNonNull(items, "items");
        if (slices < 1 || batchSize < 1) {
            throw new IllegalArgumentException("slices and batchSize must be positive, got " + slices + " and "
                    + batchSize);
        }
        this.slices = slices;
        this.batchSize = batchSize;
    }

    @Override
    public List<String> listParts() {
        String[] names = new String[slices];
        for (int i = 0; i < slices; i++) {
            names[i] = PREFIX + i;
        }
        return List.of(names);
    }

    @Override
    public StatefulSourcePartition<T, Integer> buildPart(String stepId, String forPart, Integer resumeState) {
        int slice = Integer.parseInt(forPart.substring(PREFIX.length()));
        int from = (int) ((long) items.size() * slice / slices);
        int to = (int) ((long) items.size() * (slice + 1) / slices);
        return new Slice(resumeState == null ? from : resumeState, to);
    }

    private final class Slice implements StatefulSourcePartition<T, Integer> {
        private final int end;
        private int next;

        Slice(int next, int end) {
            this.next = next;
            this.end = end;
        }

        @Override
        public List<T> nextBatch() {
            if (next >= end) {
                return null;
            }
            int to = Math.min(end, next + batchSize);
            List<T> batch = items.subList(next, to);
            next = to;
            return batch;
        }

        @Override
        public Integer snapshot() {
            return next;
        }
    }
}
