package io.waxwing.errors;

/**
 * Thrown by the entry points when user code in a step failed. The message names the full step id
 * ({@code flowId.stepId}); {@link #getCause()} is the exception the user's code threw, unchanged.
 *
 * <pre>{@code
 * try {
 *     Execution.runMain(flow);
 * } catch (WaxwingRuntimeException e) {
 *     log.error("step {} failed", e.stepId(), e.getCause());
 * }
 * }</pre>
 */
public class WaxwingRuntimeException extends WaxwingException {
    private static final long serialVersionUID = 1L;
    private final String stepId;

    public WaxwingRuntimeException(String stepId, Throwable cause) {
        super("step '" + stepId + "' failed: " + describe(cause), cause);
        this.stepId = stepId;
    }

    public WaxwingRuntimeException(String stepId, String message, Throwable cause) {
        super("step '" + stepId + "' failed: " + message, cause);
        this.stepId = stepId;
    }

    /** The full id ({@code flowId.stepId}) of the step whose code failed. */
    public String stepId() {
        return stepId;
    }

    private static String describe(Throwable cause) {
        String msg = cause.getMessage();
        return msg == null ? cause.getClass().getName() : cause.getClass().getName() + ": " + msg;
    }
}
