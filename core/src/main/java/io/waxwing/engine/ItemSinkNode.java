package io.waxwing.engine;

import io.waxwing.outputs.ItemSinkPartition;

/**
 * A worker's partition of a dynamic sink that takes items one at a time: each item goes straight
 * to the partition from the fused chain, and the end of a batch that had items ends its batch.
 */
final class ItemSinkNode extends StatelessSinkPipe<ItemSinkPartition<Object>> {
    private boolean written;

    ItemSinkNode(String stepId, ItemSinkPartition<Object> partition) {
        super(stepId, partition);
    }

    @Override
    public void push(Object item) {
        written = true;
        try {
            partition.write(item);
        } catch (Throwable t) {
            throw StepFailure.of(stepId, t);
        }
    }

    @Override
    void flush() {
        if (written) {
            written = false;
            try {
                partition.endBatch();
            } catch (Throwable t) {
                throw StepFailure.of(stepId, t);
            }
        }
    }
}
