package io.waxwing.engine;

import io.waxwing.internal.graph.ItemOp;

/** A stateless per-item step, fused with its neighbours into direct calls. */
final class TransformPipe extends ForwardingPipe {
    private final String stepId;
    private final ItemOp op;

    TransformPipe(String stepId, ItemOp op, Pipe next) {
        super(next);
        this.stepId = stepId;
        this.op = op;
    }

    @Override
    public void push(Object item) {
        try {
            op.apply(item, next);
        } catch (Throwable t) {
            throw StepFailure.of(stepId, t);
        }
    }
}
