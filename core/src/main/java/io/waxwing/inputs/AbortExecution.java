package io.waxwing.inputs;

/**
 * Thrown by a source partition to stop the whole execution abruptly, as if every process had
 * crashed: nothing of the open epoch is stored and the entry point returns normally. Used by
 * {@link io.waxwing.testing.TestingSource#abort()} to test recovery.
 */
public final class AbortExecution extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AbortExecution() {
        super("execution aborted by a source", null, false, false);
    }
}
