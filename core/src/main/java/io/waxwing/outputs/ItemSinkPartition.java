package io.waxwing.outputs;

import java.util.List;

/**
 * A {@link StatelessSinkPartition} that takes its items one at a time, as the steps before it
 * produce them, instead of as a list per batch. Return one from {@link DynamicSink#build} when the
 * partition handles each item on its own (counts, sums, appends to its own buffer): the worker then
 * calls {@link #write} from inside the fused chain of stateless steps that feeds the sink, and
 * builds no list for it, which saves an allocation and a second pass over every item.
 *
 * <p>Batches keep their meaning: the items written between two calls of {@link #endBatch()} are
 * exactly those a plain partition would get in one {@link #writeBatch} call, in the same order,
 * and {@code endBatch()} is only called after at least one item. Items of a batch may be written
 * before later items of the same batch are computed, so a step further up that fails mid-batch can
 * leave part of a batch written; as with every {@link DynamicSink}, output is at-least-once.
 * Exceptions thrown by {@code write} or {@code endBatch} fail the execution and are reported for
 * the sink's step. Called on its worker's thread only.
 *
 * <pre>{@code
 * DynamicSink<Long> total = (stepId, worker, workers) -> new ItemSinkPartition<Long>() {
 *     long sum;
 *     public void write(Long item) { sum += item; }
 *     public void endBatch() { LOG.info("total so far {}", sum); }
 * };
 * }</pre>
 *
 * @param <T> item type
 */
@FunctionalInterface
public interface ItemSinkPartition<T> extends StatelessSinkPartition<T> {

    /** Writes one item. */
    void write(T item);

    /** The items of one batch have all been {@linkplain #write written}: a chance to flush buffers. */
    default void endBatch() {
    }

    /** Writes the items one by one, then ends the batch; for callers that hold a whole batch. */
    @Override
    default void writeBatch(List<T> items) {
        for (T item : items) {
            write(item);
        }
        endBatch();
    }
}
