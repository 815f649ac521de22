package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.waxwing.launcher.fixtures.RestartFlows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --restart-strategy} with real launcher processes: a step that throws on the first run over
 * an item, a process killed with SIGKILL and started again, a failure rate exceeded, an exception
 * marked not retryable, and no recovery directory. Every running count and sum printed must be the
 * item's true one (state is exactly-once across restarts), and every item must be counted.
 */
class RestartIT {
    private static final int KEYS = 4;

    @TempDir
    Path dir;

    private static String flow(int n, int pauseMillis, int failAt, Path marker, String exception, boolean always) {
        return "io.waxwing.launcher.fixtures.RestartFlows:failingCounts(" + n + ", " + KEYS + ", " + pauseMillis
                + ", " + failAt + ", \"" + marker + "\", \"" + exception + "\", " + always + ")";
    }

    private Path initDb(int parts) {
        Path db = dir.resolve("db");
        LauncherProcess.Result init = LauncherProcess.spec().args("recovery", "init", db, parts)
                .run(Duration.ofSeconds(60));
        assertEquals(0, init.exitCode(), init::toString);
        return db;
    }

    private static List<Object> restartArgs(Path db, String... strategy) {
        List<Object> args = new ArrayList<>(List.of("-cp", LauncherProcess.testClasses(), "--recovery-dir", db,
                "--epoch-interval", "50ms"));
        args.addAll(List.of((Object[]) strategy));
        return args;
    }

    @Test
    @Timeout(180)
    void aStepThatThrowsOnceFinishesWithExactStateAfterOneRestartWithTwoWorkers() {
        Path db = initDb(2);
        Path marker = dir.resolve("marker");
        LauncherProcess.Result r = LauncherProcess.spec()
                .args(restartArgs(db, "--restart-strategy", "fixed-delay", "--restart-delay", "200ms").toArray())
                .args("-w", 2, flow(200, 2, 120, marker, "java.lang.IllegalStateException", false))
                .run(Duration.ofSeconds(150));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Files.exists(marker), "the step failed once");
        assertEquals(1, count(r.stderr(), "restart 1 ("), r::toString);
        RunningCounts.check(r.stdout(), 200, KEYS, r.toString());
    }

    @Test
    @Timeout(240)
    void aStepThatThrowsOnceFinishesWithExactStateAfterOneRestartOfTwoProcesses() throws IOException {
        Path db = initDb(4);
        Path marker = dir.resolve("marker");
        List<String> addrs = LocalCluster.freeAddresses(2);
        List<LauncherProcess> running = new ArrayList<>();
        try {
            for (int p = 0; p < 2; p++) {
                running.add(LauncherProcess.spec().jvm("-Dwaxwing.cluster.formation-timeout=60s")
                        .args(restartArgs(db, "--restart-strategy", "fixed-delay", "--restart-delay", "500ms")
                                .toArray())
                        .args("-i", p, "-a", addrs.get(0), "-a", addrs.get(1),
                                flow(200, 2, 120, marker, "java.lang.IllegalStateException", false))
                        .start());
            }
            List<String> lines = new ArrayList<>();
            StringBuilder story = new StringBuilder();
            for (LauncherProcess p : running) {
                LauncherProcess.Result r = p.await(Duration.ofSeconds(180));
                assertEquals(0, r.exitCode(), r::toString);
                assertEquals(1, count(r.stderr(), "restart 1 ("), r::toString);
                lines.addAll(r.stdout());
                story.append(r).append('\n');
            }
            assertTrue(Files.exists(marker), "the step failed once");
            RunningCounts.check(lines, 200, KEYS, story.toString());
        } finally {
            running.forEach(LauncherProcess::close);
        }
    }

    @Test
    @Timeout(300)
    void aClusterWhoseProcessIsKilledAndStartedAgainFinishesWithExactState() throws IOException {
        Path db = initDb(3);
        Path marker = dir.resolve("unused-marker");
        List<String> addrs = LocalCluster.freeAddresses(3);
        // No step failure here (failAt 0): the failure is the lost process.
        String flow = flow(600, 10, 0, marker, "java.lang.IllegalStateException", false);
        List<LauncherProcess> running = new ArrayList<>();
        List<LauncherProcess.Result> results = new ArrayList<>();
        try {
            for (int p = 0; p < 3; p++) {
                running.add(start(db, addrs, p, flow));
            }
            // Running, with commits behind it: kill process 2 mid-run.
            awaitAnyCount(running, 150, Duration.ofSeconds(120));
            LauncherProcess killed = running.get(2);
            killed.kill();
            results.add(killed.await(Duration.ofSeconds(30)));
            sleep(2000);
            running.set(2, start(db, addrs, 2, flow));
            StringBuilder story = new StringBuilder();
            List<String> lines = new ArrayList<>(results.get(0).stdout());
            for (LauncherProcess p : running) {
                LauncherProcess.Result r = p.await(Duration.ofSeconds(200));
                story.append(r).append('\n');
                assertEquals(0, r.exitCode(), story::toString);
                lines.addAll(r.stdout());
                results.add(r);
            }
            for (int p = 0; p < 2; p++) {
                assertTrue(count(results.get(1 + p).stderr(), "restart ") >= 1,
                        "process " + p + " restarted\n" + story);
            }
            RunningCounts.check(lines, 600, KEYS, story.toString());
        } finally {
            running.forEach(LauncherProcess::close);
        }
    }

    private static LauncherProcess start(Path db, List<String> addrs, int p, String flow) {
        return LauncherProcess.spec().jvm("-Dwaxwing.cluster.formation-timeout=60s")
                .args(restartArgs(db, "--restart-strategy", "fixed-delay", "--restart-attempts", "10",
                        "--restart-delay", "1s").toArray())
                .args("-i", p, "-a", String.join(";", addrs), flow).start();
    }

    @Test
    @Timeout(180)
    void failureRateEndsTheRunOnceTheRateIsExceeded() {
        Path db = initDb(1);
        LauncherProcess.Result r = LauncherProcess.spec()
                .args(restartArgs(db, "--restart-strategy", "failure-rate", "--restart-failure-rate", "2/10m",
                        "--restart-delay", "0").toArray())
                .args("-w", 2, flow(50, 0, 10, dir.resolve("marker"), "java.lang.IllegalStateException", true))
                .run(Duration.ofSeconds(150));
        assertEquals(ExitCode.DATAFLOW_FAILED, r.exitCode(), r::toString);
        assertEquals(1, count(r.stderr(), "restart 2 ("), r::toString);
        assertEquals(0, count(r.stderr(), "restart 3 ("), r::toString);
        assertTrue(r.err().contains("allows no more restarts"), r::toString);
        // The exit message is the last failure's, as without restarts.
        assertTrue(r.err().contains("dataflow 'restart_counts' failed: step 'restart_counts.check' failed"),
                r::toString);
    }

    @Test
    @Timeout(120)
    void aNotRetryableExceptionEndsTheRunAtOnce() {
        Path db = initDb(1);
        Path marker = dir.resolve("marker");
        LauncherProcess.Result r = LauncherProcess.spec()
                .args(restartArgs(db, "--restart-strategy", "fixed-delay", "--restart-delay", "0",
                        "--restart-not-retryable", "java.lang.IllegalArgumentException").toArray())
                .args("-w", 2, flow(50, 0, 10, marker, "java.lang.NumberFormatException", false))
                .run(Duration.ofSeconds(100));
        assertEquals(ExitCode.DATAFLOW_FAILED, r.exitCode(), r::toString);
        assertTrue(Files.exists(marker));
        assertEquals(0, count(r.stderr(), "restart 1 ("), r::toString);
        assertTrue(r.err().contains("never retried"), r::toString);
        assertTrue(r.err().contains("java.lang.NumberFormatException"), r::toString);
    }

    @Test
    @Timeout(60)
    void aRestartStrategyWithoutARecoveryDirectoryIsRefused() {
        LauncherProcess.Result r = LauncherProcess.spec()
                .args("-cp", LauncherProcess.testClasses(), "--restart-strategy", "exponential-delay", "-w", 2,
                        flow(5, 0, 0, dir.resolve("marker"), "java.lang.IllegalStateException", false))
                .run(Duration.ofSeconds(50));
        assertEquals(ExitCode.USAGE, r.exitCode(), r::toString);
        assertTrue(r.err().contains("needs a recovery directory"), r::toString);
        assertFalse(r.out().contains("counts "), r::toString);
    }

    private static int count(List<String> lines, String fragment) {
        int n = 0;
        for (String l : lines) {
            if (l.contains(fragment)) {
                n++;
            }
        }
        return n;
    }

    private static void awaitAnyCount(List<LauncherProcess> running, int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int total = 0;
            for (LauncherProcess p : running) {
                total += p.stdoutCount(l -> l.startsWith("counts "));
            }
            if (total >= n) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("only " + total + " of " + n + " counts printed within " + timeout);
            }
            sleep(20);
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
