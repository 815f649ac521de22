package io.waxwing.bench;

import io.waxwing.outputs.DynamicSink;
import io.waxwing.outputs.StatelessSinkPartition;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/**
 * An output that only counts the items written by every worker and sums a number taken from each:
 * nearly free, so that a benchmark measures the engine, yet it reads every item, so that nothing
 * upstream can be optimised away, and its totals check the result.
 *
 * <pre>{@code SummingSink<KV<Long>> sink = new SummingSink<>(KV::value);}</pre>
 */
public final class SummingSink<T> implements DynamicSink<T> {
    private final ToLongFunction<? super T> value;
    private final LongAdder items = new LongAdder();
    private final LongAdder sum = new LongAdder();

    public SummingSink(ToLongFunction<? super T> value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    @Override
    public StatelessSinkPartition<T> build(String stepId, int workerIndex, int workerCount) {
        return batch -> {
            long s = 0;
            for (T item : batch) {
                s += value.applyAsLong(item);
            }
            sum.add(s);
            items.add(batch.size());
        };
    }

    /** Items written so far, by all workers. */
    public long items() {
        return items.sum();
    }

    /** The sum of the values of the items written so far. */
    public long sum() {
        return sum.sum();
    }
}
