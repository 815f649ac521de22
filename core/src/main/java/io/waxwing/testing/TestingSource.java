package io.waxwing.testing;

import io.waxwing.inputs.AbortExecution;
import io.waxwing.inputs.FixedPartitionedSource;
import io.waxwing.inputs.StatefulSourcePartition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A source of the items of a list, for tests: one resumable partition whose snapshot is the index of
 * the next item. The list may hold markers that script an execution:
 * <ul>
 *   <li>{@link #eof()} ends the input for this execution; a resumed execution continues after it;</li>
 *   <li>{@link #abort()} stops the execution abruptly, as if every process had crashed (nothing of
 *       the open epoch is stored; the entry point returns normally); each marker fires once, so a
 *       resumed execution passes it;</li>
 *   <li>{@link #pause(Duration)} emits nothing for a while.</li>
 * </ul>
 *
 * <pre>{@code
 * var inp = new TestingSource<Integer>(List.of(1, 2, TestingSource.abort(), 3));
 * flow.input("inp", inp);
 * Execution.runMain(flow, Duration.ZERO, recovery);   // sees 1, 2 then aborts
 * Execution.runMain(flow, Duration.ZERO, recovery);   // resumes and sees 3
 * }</pre>
 *
 * @param <T> item type
 */
public final class TestingSource<T> implements FixedPartitionedSource<T, Integer> {

    /** A scripted event in a {@code TestingSource}'s item list. */
    public sealed interface Marker permits Eof, Abort, Pause {
    }

    /** See {@link #eof()}. */
    public static final class Eof implements Marker {
        private Eof() {
        }

        @Override
        public String toString() {
            return "TestingSource.eof()";
        }
    }

    /** See {@link #abort()}. */
    public static final class Abort implements Marker {
        private final AtomicBoolean fired = new AtomicBoolean();

        private Abort() {
        }

        @Override
        public String toString() {
            return "TestingSource.abort()";
        }
    }

    /** See {@link #pause(Duration)}. */
    public record Pause(Duration duration) implements Marker {
        public Pause {
            Objects.requireNonNull(duration, "duration");
        }
    }

    private final List<?> items;
    private final int batchSize;

    /** A source of {@code items}, one per batch. */
    public TestingSource(Iterable<?> items) {
        this(items, 1);
    }

    /** A source of {@code items}, up to {@code batchSize} per batch (a marker ends a batch). */
    public TestingSource(Iterable<?> items, int batchSize) {
        Objects.requireNonNull(items, "items");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        List<Object> copy = new ArrayList<>();
        items.forEach(copy::add);
        this.items = copy;
        this.batchSize = batchSize;
    }

    /** A marker that ends the input for this execution. */
    public static Marker eof() {
        return new Eof();
    }

    /** A marker that aborts the execution once. */
    public static Marker abort() {
        return new Abort();
    }

    /** A marker that makes the source emit nothing for {@code duration}. */
    public static Marker pause(Duration duration) {
        return new Pause(duration);
    }

    @Override
    public List<String> listParts() {
        return List.of("iterable");
    }

    @Override
    public StatefulSourcePartition<T, Integer> buildPart(String stepId, String forPart, Integer resumeState) {
        return new Partition(resumeState == null ? 0 : resumeState);
    }

    private final class Partition implements StatefulSourcePartition<T, Integer> {
        private int next;
        private Instant awake;
        private boolean ended;

        Partition(int next) {
            this.next = next;
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<T> nextBatch() {
            if (ended) {
                return null;
            }
            List<T> batch = new ArrayList<>(Math.min(batchSize, items.size() - next + 1));
            while (batch.size() < batchSize) {
                if (next >= items.size()) {
                    if (batch.isEmpty()) {
                        return null;
                    }
                    break;
                }
                Object item = items.get(next);
                if (item instanceof Marker marker) {
                    if (!batch.isEmpty()) {
                        break;
                    }
                    next++;
                    if (marker instanceof Eof) {
                        ended = true;
                        return null;
                    }
                    if (marker instanceof Abort a) {
                        if (a.fired.compareAndSet(false, true)) {
                            // The next index is not snapshotted: the open epoch is never stored.
                            throw new AbortExecution();
                        }
                    } else if (marker instanceof Pause p) {
                        awake = Instant.now().plus(p.duration());
                        return batch;
                    }
                    continue;
                }
                batch.add((T) item);
                next++;
            }
            return batch;
        }

        @Override
        public Instant nextAwake() {
            return awake;
        }

        @Override
        public Integer snapshot() {
            return next;
        }
    }
}
