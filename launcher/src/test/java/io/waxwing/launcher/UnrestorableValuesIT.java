package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real launcher processes with values that could be encoded but never decoded: as state, the run
 * fails at its first snapshot and leaves a store a fixed dataflow resumes from the start; as items
 * that cross processes, the sending process fails at the first such item and every process exits,
 * each naming the type, the step and the fix.
 */
@Timeout(300)
class UnrestorableValuesIT {
    private static final String FLOWS = "io.waxwing.launcher.fixtures.UnrestorableFlows";
    private static final String READING = "io.waxwing.launcher.fixtures.UnrestorableFlows$Reading";

    @TempDir
    Path dir;

    @Test
    void stateThatCannotBeRestoredFailsTheFirstSnapshotAndIsNeverStored() {
        String db = dir.resolve("db").toString();
        LauncherProcess.Result init = LauncherProcess.spec().args("recovery", "init", db, "2").run(Duration.ofSeconds(60));
        assertEquals(0, init.exitCode(), init::toString);
        LauncherProcess.Result r = LauncherProcess.spec().args("-cp", LauncherProcess.testClasses(), "--recovery-dir", db,
                "--epoch-interval", "0s", FLOWS + ":readingState").run(Duration.ofSeconds(120));
        assertEquals(1, r.exitCode(), r::toString);
        String last = r.stderr().get(r.stderr().size() - 1);
        assertTrue(last.contains(READING) && last.contains("fixture_reading_state.total")
                && last.contains("no-argument constructor"), "the last line names type, step and fix:\n" + r);
        // A second run fails the same way, at the start again: no snapshot of the type was stored.
        LauncherProcess.Result again = LauncherProcess.spec().args("-cp", LauncherProcess.testClasses(),
                "--recovery-dir", db, "--epoch-interval", "0s", FLOWS + ":readingState").run(Duration.ofSeconds(120));
        assertEquals(1, again.exitCode(), again::toString);
        assertTrue(again.err().contains("no-argument constructor") && !again.err().contains("cannot restore"),
                again::toString);
    }

    @Test
    void anItemThatCannotBeDecodedStopsBothProcessesFromTheSendingSide() throws IOException {
        List<String> addrs = LocalCluster.freeAddresses(2);
        List<LauncherProcess> running = new ArrayList<>();
        try {
            for (int p = 0; p < 2; p++) {
                running.add(LauncherProcess.spec().args("-cp", LauncherProcess.testClasses(), "-i", p,
                        "-a", addrs.get(0), "-a", addrs.get(1), FLOWS + ":readingItems").start());
            }
            List<LauncherProcess.Result> results = new ArrayList<>();
            for (LauncherProcess p : running) {
                results.add(p.await(Duration.ofSeconds(120)));
            }
            boolean named = false;
            for (LauncherProcess.Result r : results) {
                assertEquals(1, r.exitCode(), r::toString);
                named |= r.err().contains(READING) && r.err().contains("fixture_reading_items.spread")
                        && r.err().contains("no-argument constructor") && r.err().contains("another process");
                assertTrue(!r.err().contains("could not be read"), "the receiving side never decodes one:\n" + r);
            }
            assertTrue(named, "a process names type, step and fix:\n" + results);
        } finally {
            running.forEach(LauncherProcess::close);
        }
    }
}
