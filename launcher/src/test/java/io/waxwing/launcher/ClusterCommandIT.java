package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code launcher.jar cluster -p N}: a real launcher process starting N real launcher processes,
 * checked for exact results, for Ctrl-C with recovery, for a failing process, and for no process
 * outliving a launcher killed with SIGKILL.
 */
@Timeout(300)
class ClusterCommandIT {
    private static final String FLOWS = "io.waxwing.launcher.fixtures.Flows";
    private static final String CLUSTER_FLOWS = "io.waxwing.launcher.fixtures.ClusterFlows";
    private static final Pattern PREFIXED = Pattern.compile("\\[(\\d+)] (.*)");

    @TempDir
    Path dir;

    private static List<String> sorted(List<String> lines) {
        List<String> out = new ArrayList<>(lines);
        out.sort(null);
        return out;
    }

    /** The processes the launcher started, as they are now. */
    private static List<ProcessHandle> children(LauncherProcess launcher) {
        return ProcessHandle.of(launcher.pid()).orElseThrow().descendants().toList();
    }

    /** Waits at most {@code timeout} for every process to be gone; true when they are. */
    private static boolean allGone(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(50);
        }
        return true;
    }

    @Test
    void threeProcessesOfTwoWorkersCountWordsExactlyLikeOneProcess() {
        LauncherProcess.Result single = LauncherProcess.spec().args("examples/WordCount.java").run(Duration.ofSeconds(120));
        assertEquals(0, single.exitCode(), single::toString);
        List<String> expected = sorted(single.stdout());
        assertTrue(expected.size() > 50, "the example counts many words: " + expected);

        LauncherProcess.Result cluster = LauncherProcess.spec()
                .args("cluster", "-p", 3, "-w", 2, "--no-stdout-prefix", "examples/WordCount.java")
                .run(Duration.ofSeconds(240));
        assertEquals(0, cluster.exitCode(), cluster::toString);
        assertEquals(expected, sorted(cluster.stdout()), "3 processes x 2 workers, stdout without prefixes");
        for (int p = 0; p < 3; p++) {
            String tag = "[" + p + "] ";
            assertTrue(cluster.stderr().stream().anyMatch(l -> l.startsWith(tag) && l.contains("6 workers")),
                    () -> tag + "logs on stderr with its prefix, in an execution of 6 workers\n" + cluster);
        }
    }

    @Test
    void everyProcessGetsTheJvmFlagsSystemPropertiesAndOptionsOfTheLauncher() {
        LauncherProcess.Result r = LauncherProcess.spec().jvm("-Dwaxwing.fixture.marker=from-the-launcher", "-Xmx200m")
                .args("cluster", "-p", 2, "-w", 2, "--epoch-interval", "0", "-cp", LauncherProcess.testClasses(),
                        CLUSTER_FLOWS + ":settings")
                .run(Duration.ofSeconds(240));
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = sorted(r.stdout());
        assertEquals(4, lines.size(), r::toString);
        for (int w = 0; w < 4; w++) {
            String line = lines.get(w);
            // Workers 0 and 1 live in process 0, workers 2 and 3 in process 1.
            assertTrue(line.startsWith("[" + w / 2 + "] settings " + w + " of 4 marker=from-the-launcher heap="), line);
            long heap = Long.parseLong(line.substring(line.indexOf("heap=") + 5));
            assertTrue(heap > 100 && heap <= 200, () -> "-Xmx200m reached the process: " + line);
        }
    }

    @Test
    void sigintStopsEveryProcessAndTheSameCommandResumesExactly() {
        Path db = dir.resolve("db");
        SlowSums.initRecovery(db, 4);
        int n = 400;
        Map<String, Long> expected = SlowSums.expected(n);
        Object[] command = {"cluster", "-p", 2, "-cp", LauncherProcess.testClasses(), "--recovery-dir", db,
            "--epoch-interval", "100ms", FLOWS + ":slowSums(" + n + ")"};

        try (LauncherProcess launcher = LauncherProcess.spec().args(command).start()) {
            launcher.awaitStdoutCount(line -> line.contains("] sums "), 100, Duration.ofSeconds(180));
            List<ProcessHandle> children = children(launcher);
            assertEquals(2, children.size(), children::toString);
            launcher.signal("INT");
            LauncherProcess.Result r = launcher.await(Duration.ofSeconds(30));
            assertEquals(130, r.exitCode(), r::toString);
            assertTrue(r.err().contains("stopped by SIGINT"), r::toString);
            assertFalse(r.err().contains("did not stop within"), r::toString);
            assertTrue(allGone(children, Duration.ofSeconds(1)), "the launcher exited before its processes");
            assertFalse(r.stdout().stream().anyMatch(l -> l.endsWith(" " + n + " " + expected.get("k" + (n % 8)))),
                    "stopped too late to test");
        }

        LauncherProcess.Result resumed = LauncherProcess.spec().args(command).run(Duration.ofSeconds(240));
        assertEquals(0, resumed.exitCode(), resumed::toString);
        Map<String, Long> last = new TreeMap<>();
        Map<String, Long> lastItem = new TreeMap<>();
        long firstItem = Long.MAX_VALUE;
        for (String line : resumed.stdout()) {
            Matcher m = PREFIXED.matcher(line);
            assertTrue(m.matches(), () -> "stdout line without its process prefix: " + line);
            String[] f = m.group(2).split(" ");
            assertEquals("sums", f[0], line);
            long item = Long.parseLong(f[2]);
            firstItem = Math.min(firstItem, item);
            if (item >= lastItem.getOrDefault(f[1], 0L)) {
                lastItem.put(f[1], item);
                last.put(f[1], Long.parseLong(f[3]));
            }
        }
        assertEquals(expected, last, "every key's sum is exact after the resume");
        assertTrue(firstItem > 1, "the same command resumed instead of starting over");
    }

    @Test
    void aFailingStepInOneProcessStopsEveryProcessAndExitsOneNamingIt() {
        try (LauncherProcess launcher = LauncherProcess.spec()
                .args("cluster", "-p", 3, "-cp", LauncherProcess.testClasses(), CLUSTER_FLOWS + ":failsOnWorker(2)")
                .start()) {
            launcher.awaitStdoutCount(line -> line.contains("] item "), 1, Duration.ofSeconds(180));
            List<ProcessHandle> children = children(launcher);
            LauncherProcess.Result r = launcher.await(Duration.ofSeconds(120));
            assertEquals(1, r.exitCode(), r::toString);
            assertTrue(r.stderr().stream().anyMatch(l -> l.matches("waxwing: process [0-2] exited with code 1.*")),
                    r::toString);
            assertTrue(r.err().contains("fixture_fails_on_worker.explode"), r::toString);
            assertTrue(r.err().contains("(on process 2)"), r::toString);
            assertTrue(r.err().contains("boom on worker 2"), r::toString);
            assertTrue(allGone(children, Duration.ofSeconds(1)), "the launcher exited before its processes");
        }
    }

    @Test
    void killingTheLauncherWithSigkillLeavesNoProcessRunning() {
        List<ProcessHandle> children;
        try (LauncherProcess launcher = LauncherProcess.spec()
                .args("cluster", "-p", 2, "-cp", LauncherProcess.testClasses(), FLOWS + ":ticks").start()) {
            launcher.awaitStdoutCount(line -> line.contains("] tick "), 20, Duration.ofSeconds(180));
            children = children(launcher);
            assertEquals(2, children.size(), children::toString);
            // close() kills the launcher with SIGKILL: it has no chance to stop anything itself.
        }
        long killed = System.nanoTime();
        try {
            boolean gone = allGone(children, Duration.ofSeconds(10));
            long ms = Duration.ofNanos(System.nanoTime() - killed).toMillis();
            assertTrue(gone, "processes still running " + ms + " ms after their launcher was killed: "
                    + children.stream().filter(ProcessHandle::isAlive).toList());
        } finally {
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
