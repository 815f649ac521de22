package io.waxwing.engine;

import io.waxwing.outputs.StatelessSinkPartition;
import java.util.ArrayList;
import java.util.List;

/** A worker's partition of a dynamic sink: writes each batch where it is. */
final class DynamicSinkNode extends StatelessSinkPipe<StatelessSinkPartition<Object>> {
    private List<Object> batch = new ArrayList<>();
    private EngineMetrics.BatchCounter itemsIn = EngineMetrics.BatchCounter.NONE;
    private EngineMetrics.DurationRecorder writeBatch = EngineMetrics.DurationRecorder.NONE;

    DynamicSinkNode(String stepId, StatelessSinkPartition<Object> partition) {
        super(stepId, partition);
    }

    /** Counts the items of each batch written (once per batch). */
    void countInto(EngineMetrics.BatchCounter counter, EngineMetrics.DurationRecorder writeBatchTime) {
        this.itemsIn = counter;
        this.writeBatch = writeBatchTime;
    }

    @Override
    public void push(Object item) {
        batch.add(item);
    }

    @Override
    void flush() {
        if (!batch.isEmpty()) {
            List<Object> out = batch;
            // The partition may keep the list it was given: start a new one, sized like the last.
            batch = new ArrayList<>(out.size());
            itemsIn.add(out.size());
            try {
                if (writeBatch == EngineMetrics.DurationRecorder.NONE) {
                    partition.writeBatch(out);
                } else {
                    long t0 = System.nanoTime();
                    partition.writeBatch(out);
                    writeBatch.record(System.nanoTime() - t0);
                }
            } catch (Throwable t) {
                throw StepFailure.of(stepId, t);
            }
        }
    }
}
