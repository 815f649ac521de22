package io.waxwing.inputs;

import java.time.Instant;
import java.util.List;

/**
 * One worker's partition of a {@link DynamicSource}. Same contract as
 * {@link StatefulSourcePartition} without a snapshot.
 *
 * @param <T> item type
 */
public interface StatelessSourcePartition<T> {

    /** The next items, an empty list when there is nothing now, or {@code null} at end of input. */
    List<T> nextBatch();

    /** When to call {@link #nextBatch()} next: {@code null} means as soon as possible. */
    default Instant nextAwake() {
        return null;
    }

    /** Releases resources. Called once when the execution ends. */
    default void close() {
    }
}
