package io.waxwing.engine;

import io.waxwing.errors.WaxwingRuntimeException;
import io.waxwing.inputs.AbortExecution;

/** Attributes an exception thrown by user code to the step that ran it. */
final class StepFailure {
    private StepFailure() {
    }

    /**
     * The exception to throw for {@code t} caught around step {@code stepId}: failures of other
     * steps further down and aborts pass unchanged.
     */
    static RuntimeException of(String stepId, Throwable t) {
        if (t instanceof WaxwingRuntimeException w) {
            return w;
        }
        if (t instanceof AbortExecution a) {
            return a;
        }
        return new WaxwingRuntimeException(stepId, t);
    }
}
