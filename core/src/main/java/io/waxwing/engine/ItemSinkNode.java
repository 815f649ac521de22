package io.waxwing.engine;

import io.waxwing.outputs.ItemSinkPartition;

/**
 * A worker's partition of a dynamic sink that takes items one at a time: each item goes straight
 * to the partition from the fused chain, and the end of a batch that had items ends its batch.
 */
final class ItemSinkNode extends StatelessSinkPipe<ItemSinkPartition<Object>> {
    /** Items written since the last end of batch (replaces a "written" flag, at the same cost). */
    private int written;
    private EngineMetrics.BatchCounter itemsIn = EngineMetrics.BatchCounter.NONE;

    ItemSinkNode(String stepId, ItemSinkPartition<Object> partition) {
        super(stepId, partition);
    }

    /** Counts the items of each batch written (once per batch). */
    void countInto(EngineMetrics.BatchCounter counter) {
        this.itemsIn = counter;
    }

    @Override
    public void push(Object item) {
        written++;
        try {
            partition.write(item);
        } catch (Throwable t) {
            throw StepFailure.of(stepId, t);
        }
    }

    @Override
    void flush() {
        if (written > 0) {
            itemsIn.add(written);
            written = 0;
            try {
                partition.endBatch();
            } catch (Throwable t) {
                throw StepFailure.of(stepId, t);
            }
        }
    }
}
