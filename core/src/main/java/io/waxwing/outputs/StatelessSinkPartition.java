package io.waxwing.outputs;

import java.util.List;

/**
 * One worker's partition of a {@link DynamicSink}, called on its worker's thread only.
 *
 * @param <T> item type
 */
@FunctionalInterface
public interface StatelessSinkPartition<T> {

    /** Writes the items of one batch, in order. */
    void writeBatch(List<T> items);

    /** Releases resources. Called once when the execution ends. */
    default void close() {
    }
}
