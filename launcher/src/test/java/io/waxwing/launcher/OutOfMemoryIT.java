package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A dataflow whose state grows without bound in a small heap, and one that asks for more than the
 * heap on a Pekko thread: whatever the worker count and with or without recovery, the process ends
 * with one {@code waxwing:} line saying it ran out of memory, and exit code 3 — never a hang, never
 * Pekko's 255.
 */
class OutOfMemoryIT {
    private static final String FLOW = "io.waxwing.launcher.fixtures.MemoryFlows:unboundedState";
    /** Filling 64 MiB takes seconds; the bound is generous for a loaded machine, and still catches a hang. */
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(150);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} worker(s), recovery {1}")
    @CsvSource({"1, false", "2, false", "2, true"})
    void outOfMemoryEndsTheProcessWithOneLineAndExitCode3(int workers, boolean recovery) {
        List<Object> args = new ArrayList<>(List.of("-cp", LauncherProcess.testClasses(), "-w", workers));
        if (recovery) {
            Path db = dir.resolve("db");
            LauncherProcess.Result init = LauncherProcess.spec().args("recovery", "init", db, "2")
                    .run(Duration.ofSeconds(60));
            assertEquals(0, init.exitCode(), init::toString);
            args.addAll(List.of("--recovery-dir", db, "--epoch-interval", "1s"));
        }
        args.add(FLOW);
        LauncherProcess.Result r = LauncherProcess.spec().jvm("-Xmx64m").args(args.toArray()).run(EXIT_WITHIN);
        assertEquals(ExitCode.OUT_OF_MEMORY, r.exitCode(), r::toString);
        assertTrue(r.stderr().stream().anyMatch(l -> l.startsWith("waxwing: dataflow 'fixture_unbounded_state'"
                + " failed: out of memory") && l.contains("-Xmx") && l.contains("exit code 3")), r::toString);
    }

    /**
     * One allocation larger than the heap, with the heap nearly empty, as the sinks close — with
     * several workers on a Pekko thread outside every step, where Pekko's own handler would exit
     * the JVM with 255 and its stack trace: the process still ends with the one line and exit code 3.
     */
    @ParameterizedTest(name = "{0} worker(s)")
    @CsvSource({"1", "2"})
    void outOfMemoryOnAPekkoThreadWithTheHeapNearlyEmptyEndsTheProcessWithExitCode3(int workers) {
        LauncherProcess.Result r = LauncherProcess.spec().jvm("-Xmx64m").args("-cp", LauncherProcess.testClasses(),
                "-w", workers, "io.waxwing.launcher.fixtures.MemoryFlows:outOfMemoryOnClose")
                .run(Duration.ofSeconds(60));
        assertEquals(ExitCode.OUT_OF_MEMORY, r.exitCode(), r::toString);
        assertTrue(r.stderr().stream().anyMatch(l -> l.startsWith("waxwing: dataflow"
                + " 'fixture_out_of_memory_on_close' failed: out of memory (java.lang.OutOfMemoryError: Java heap"
                + " space in thread ") && l.contains("exit code 3")), r::toString);
        assertTrue(r.stderr().stream().noneMatch(l -> l.startsWith("Uncaught error from thread")), r::toString);
    }
}
