package io.waxwing.engine;

import java.util.function.Function;

/** A fused map step: the user's function and the next pipe, nothing in between. */
final class MapPipe extends ForwardingPipe {
    private final String stepId;
    private final Function<Object, Object> fn;

    MapPipe(String stepId, Function<Object, Object> fn, Pipe next) {
        super(next);
        this.stepId = stepId;
        this.fn = fn;
    }

    @Override
    public void push(Object item) {
        Object out;
        try {
            out = fn.apply(item);
        } catch (Throwable t) {
            throw StepFailure.of(stepId, t);
        }
        next.push(out);
    }
}
