package io.waxwing.engine;

import io.waxwing.internal.graph.BatchOp;
import java.util.ArrayList;
import java.util.List;

/** A stateless step over whole batches: buffers items until the end of the batch. */
final class BatchPipe extends ForwardingPipe {
    private final String stepId;
    private final BatchOp op;
    private List<Object> batch = new ArrayList<>();

    BatchPipe(String stepId, BatchOp op, Pipe next) {
        super(next);
        this.stepId = stepId;
        this.op = op;
    }

    @Override
    public void push(Object item) {
        batch.add(item);
    }

    @Override
    void flush() {
        if (!batch.isEmpty()) {
            List<Object> in = batch;
            batch = new ArrayList<>();
            Iterable<?> out;
            try {
                out = op.apply(in);
                if (out == null) {
                    throw new NullPointerException("flatMapBatch function returned null instead of an Iterable");
                }
                for (Object o : out) {
                    next.push(o);
                }
            } catch (Throwable t) {
                throw StepFailure.of(stepId, t);
            }
        }
        next.flush();
    }

    @Override
    void barrier(long epoch) {
        flush();
        next.barrier(epoch);
    }

    @Override
    void eof() {
        flush();
        next.eof();
    }
}
