package io.waxwing.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    /** Every code a launcher process can end with, in order: the one table README and {@code --help} show. */
    static final List<Meaning> ALL = List.of(
            new Meaning(COMPLETED, "the dataflow completed (every input ended), or 'recovery init' and 'visualize' did their work"),
            new Meaning(DATAFLOW_FAILED, "the dataflow failed (a step threw, a process was lost, the recovery store"
                    + " failed) or the runtime refused to run it; the one-line cause is printed; with --restart-strategy,"
                    + " once no restart is left"),
            new Meaning(USAGE, "bad command line, environment or dataflow location (IMPORT_STR), or a restart"
                    + " strategy without --recovery-dir"),
            new Meaning(OUT_OF_MEMORY, "the JVM ran out of memory (OutOfMemoryError in any thread); the process"
                    + " halted at once, the recovery store keeps its last commit"),
            new Meaning(SIGINT, "stopped by SIGINT (Ctrl-C); in a cluster the other processes exit 1"),
            new Meaning(SIGTERM, "stopped by SIGTERM; in a cluster the other processes exit 1"));

    /** One exit code and what it means. */
    record Meaning(int code, String meaning) {
    }

    /** The table, as {@code --help} prints it. */
    static List<String> helpLines() {
        List<String> lines = new ArrayList<>();
        lines.add("Exit codes:");
        for (Meaning m : ALL) {
            lines.add(String.format(Locale.ROOT, "  %3d  %s", m.code(), m.meaning()));
        }
        return lines;
    }

    private ExitCode() {
    }
}
