package io.waxwing.engine;

import java.util.function.Predicate;

/** A fused filter step. */
final class FilterPipe extends ForwardingPipe {
    private final String stepId;
    private final Predicate<Object> predicate;

    FilterPipe(String stepId, Predicate<Object> predicate, Pipe next) {
        super(next);
        this.stepId = stepId;
        this.predicate = predicate;
    }

    @Override
    public void push(Object item) {
        boolean keep;
        try {
            keep = predicate.test(item);
        } catch (Throwable t) {
            throw StepFailure.of(stepId, t);
        }
        if (keep) {
            next.push(item);
        }
    }
}
