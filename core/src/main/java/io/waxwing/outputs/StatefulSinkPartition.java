package io.waxwing.outputs;

import java.util.List;

/**
 * One partition of a {@link FixedPartitionedSink}, called on its worker's thread only.
 *
 * @param <V> value type
 * @param <S> snapshot type
 */
public interface StatefulSinkPartition<V, S> {

    /** Writes the values of one batch, in order. */
    void writeBatch(List<V> values);

    /**
     * The state to resume from: the position after every value written so far. Called at the end
     * of each epoch; the returned value must not be changed afterwards.
     */
    S snapshot();

    /** Releases resources. Called once when the execution ends, whatever the reason. */
    default void close() {
    }
}
