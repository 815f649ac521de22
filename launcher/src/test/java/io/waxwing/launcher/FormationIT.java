package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real launcher process whose peer never starts: it logs who is missing once every 10 seconds —
 * not Pekko's warning every second — and its formation timeout names the missing process by id and
 * address.
 */
@Timeout(180)
class FormationIT {
    private static final String FLOW = "io.waxwing.launcher.fixtures.Flows:ticks";

    private static LauncherProcess.Result runAlone(List<String> addrs, int procId) {
        return LauncherProcess.spec().jvm("-Dwaxwing.cluster.formation-timeout=12s")
                .args("-cp", LauncherProcess.testClasses(), "-i", procId, "-a", addrs.get(0), "-a", addrs.get(1), FLOW)
                .run(Duration.ofSeconds(90));
    }

    private static long count(LauncherProcess.Result r, String text) {
        return r.stderr().stream().filter(l -> l.contains(text)).count();
    }

    private static void assertNamesTheMissingProcessWithoutAFlood(LauncherProcess.Result r, int self, int missing,
            String missingAddress) {
        assertEquals(1, r.exitCode(), r::toString);
        String last = r.stderr().get(r.stderr().size() - 1);
        assertTrue(last.contains("the cluster did not form within 12s: process " + missing + " (" + missingAddress
                + ") has not joined"), "the last line names the missing process:\n" + r);
        assertEquals(1, count(r, "process " + self + " has waited 10s of 12s for the cluster to form: process "
                + missing + " (" + missingAddress + ") has not joined"), "one progress line after 10 s:\n" + r);
        assertEquals(0, count(r, "Couldn't join seed nodes"), "no per-second Pekko warning:\n" + r);
        assertTrue(r.stderr().size() < 15, "a short log:\n" + r);
    }

    @Test
    void process0AloneNamesProcess1WhichNeverStarted() throws IOException {
        List<String> addrs = LocalCluster.freeAddresses(2);
        assertNamesTheMissingProcessWithoutAFlood(runAlone(addrs, 0), 0, 1, addrs.get(1));
    }

    @Test
    void process1AloneNamesProcess0WhichNeverStarted() throws IOException {
        List<String> addrs = LocalCluster.freeAddresses(2);
        LauncherProcess.Result r = runAlone(addrs, 1);
        assertNamesTheMissingProcessWithoutAFlood(r, 1, 0, addrs.get(0));
        assertTrue(r.err().contains("this process could not join either"), r::toString);
    }
}
