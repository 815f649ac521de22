package io.waxwing.inputs;

import java.time.Instant;
import java.util.List;

/**
 * One partition of a {@link FixedPartitionedSource}. The engine calls it on the worker's thread
 * only; it never needs to be thread-safe. It must not block for long: return an empty batch and
 * say with {@link #nextAwake()} when to be asked again.
 *
 * <pre>{@code
 * public List<String> nextBatch() {
 *     String line = reader.readLine();
 *     return line == null ? null : List.of(line);
 * }
 * }</pre>
 *
 * @param <T> item type
 * @param <S> snapshot type
 */
public interface StatefulSourcePartition<T, S> {

    /**
     * The next items, an empty list when there is nothing now, or {@code null} at end of input
     * (the partition is then closed and never called again). Throwing {@link AbortExecution}
     * stops the execution as if the process had crashed.
     */
    List<T> nextBatch();

    /**
     * When to call {@link #nextBatch()} next: {@code null} means as soon as possible. Asked after
     * every batch.
     */
    default Instant nextAwake() {
        return null;
    }

    /**
     * The state to resume from, describing the position after every item already returned. Called
     * at the end of each epoch; the returned value must not be changed afterwards.
     */
    S snapshot();

    /** Releases resources. Called once when the execution ends, whatever the reason. */
    default void close() {
    }
}
