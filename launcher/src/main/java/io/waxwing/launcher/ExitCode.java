package io.waxwing.launcher;

/**
 * The launcher's exit codes (SPEC §6). Shell scripts and orchestrators rely on them, so they never
 * change meaning.
 */
final class ExitCode {
    /** The dataflow completed: every input reached its end. */
    static final int COMPLETED = 0;
    /** The dataflow failed: user code threw, or the runtime refused to run it. */
    static final int DATAFLOW_FAILED = 1;
    /** The command line, the environment or the import string could not be used. */
    static final int USAGE = 2;
    /**
     * The JVM ran out of memory ({@link OutOfMemoryError}, in any thread): the process halted at
     * once, as after a crash; the recovery store keeps its last commit.
     */
    static final int OUT_OF_MEMORY = 3;
    /** Stopped by SIGINT (128 + 2). */
    static final int SIGINT = 130;
    /** Stopped by SIGTERM (128 + 15). */
    static final int SIGTERM = 143;

    private ExitCode() {
    }
}
