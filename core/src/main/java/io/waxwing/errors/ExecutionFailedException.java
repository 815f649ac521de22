package io.waxwing.errors;

/**
 * Thrown by the cluster entry points when an execution that had started — data was flowing — ended
 * for a reason outside the dataflow's own code: another process was lost or asked to stop, or a
 * commit to the recovery store failed. The message names the process and the cause. Failures of
 * user code are {@link WaxwingRuntimeException}s instead; problems found before the execution
 * starts (a bad dataflow, a refused recovery store, a cluster that did not form) are other
 * {@link WaxwingException}s.
 *
 * <pre>{@code
 * try {
 *     Execution.clusterMain(flow, addresses, procId);
 * } catch (ExecutionFailedException e) {
 *     // resume later from the last committed epoch
 * }
 * }</pre>
 */
public class ExecutionFailedException extends WaxwingException {
    private static final long serialVersionUID = 1L;

    public ExecutionFailedException(String message) {
        super(message);
    }

    public ExecutionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
