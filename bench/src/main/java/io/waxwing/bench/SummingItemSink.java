package io.waxwing.bench;

import io.waxwing.outputs.DynamicSink;
import io.waxwing.outputs.ItemSinkPartition;
import io.waxwing.outputs.StatelessSinkPartition;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/**
 * {@link SummingSink} as an {@link ItemSinkPartition}: the same counts and sums, but each worker
 * takes its items one at a time from the fused chain before it and adds its running totals to the
 * shared ones at the end of every batch.
 *
 * <pre>{@code SummingItemSink<Integer> sink = new SummingItemSink<>(Integer::longValue);}</pre>
 */
public final class SummingItemSink<T> implements DynamicSink<T> {
    private final ToLongFunction<? super T> value;
    private final LongAdder items = new LongAdder();
    private final LongAdder sum = new LongAdder();

    public SummingItemSink(ToLongFunction<? super T> value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    @Override
    public StatelessSinkPartition<T> build(String stepId, int workerIndex, int workerCount) {
        return new ItemSinkPartition<T>() {
            private long batchItems;
            private long batchSum;

            @Override
            public void write(T item) {
                batchSum += value.applyAsLong(item);
                batchItems++;
            }

            @Override
            public void endBatch() {
                sum.add(batchSum);
                items.add(batchItems);
                batchSum = 0;
                batchItems = 0;
            }
        };
    }

    /** Items written so far, by all workers, up to the end of their last batch. */
    public long items() {
        return items.sum();
    }

    /** The sum of the values of the items written so far, up to the end of each worker's last batch. */
    public long sum() {
        return sum.sum();
    }
}
