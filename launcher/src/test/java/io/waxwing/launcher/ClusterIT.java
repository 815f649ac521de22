package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several real launcher processes on 127.0.0.1 forming one cluster with {@code -i}/{@code -a}:
 * the same results as one process, a different dataflow refused, a killed process noticed, and
 * state that survives killing every process and resuming with other process and worker counts.
 */
@Timeout(300)
class ClusterIT {
    private static final String FLOWS = "io.waxwing.launcher.fixtures.Flows";

    @TempDir
    Path dir;

    private static List<Object> clusterArgs(List<String> addrs, int procId, int workers) {
        List<Object> args = new ArrayList<>(List.of("-w", workers, "-i", procId));
        for (String a : addrs) {
            args.add("-a");
            args.add(a);
        }
        return args;
    }

    /** The word counts of the example, sorted: one {@code word count} line per word. */
    private static List<String> sorted(List<String> lines) {
        List<String> out = new ArrayList<>(lines);
        out.sort(null);
        return out;
    }

    private static List<String> clusterWordCount(int procs, int workers) throws IOException {
        List<String> addrs = LocalCluster.freeAddresses(procs);
        List<LauncherProcess> running = new ArrayList<>();
        try {
            // Processes may start in any order: start the last one first.
            for (int p = procs - 1; p >= 0; p--) {
                running.add(0, LauncherProcess.spec().args(clusterArgs(addrs, p, workers).toArray())
                        .args("examples/WordCount.java").start());
            }
            List<String> all = new ArrayList<>();
            for (LauncherProcess p : running) {
                LauncherProcess.Result r = p.await(Duration.ofSeconds(180));
                assertEquals(0, r.exitCode(), r::toString);
                all.addAll(r.stdout());
            }
            return sorted(all);
        } finally {
            running.forEach(LauncherProcess::close);
        }
    }

    @Test
    void twoAndThreeProcessesCountExactlyLikeOne() throws IOException {
        LauncherProcess.Result single = LauncherProcess.spec().args("examples/WordCount.java").run(Duration.ofSeconds(120));
        assertEquals(0, single.exitCode(), single::toString);
        List<String> expected = sorted(single.stdout());
        assertTrue(expected.size() > 50, "the example counts many words: " + expected);
        assertEquals(expected, clusterWordCount(2, 1), "2 processes x 1 worker");
        assertEquals(expected, clusterWordCount(3, 2), "3 processes x 2 workers");
    }

    @Test
    void aProcessWithADifferentDataflowStopsTheCluster() throws IOException {
        List<String> addrs = LocalCluster.freeAddresses(2);
        try (LauncherProcess p0 = LauncherProcess.spec().args(clusterArgs(addrs, 0, 1).toArray())
                        .args("examples/WordCount.java").start();
                LauncherProcess p1 = LauncherProcess.spec().args(clusterArgs(addrs, 1, 1).toArray())
                        .args("examples/RunningAverage.java").start()) {
            LauncherProcess.Result r0 = p0.await(Duration.ofSeconds(120));
            LauncherProcess.Result r1 = p1.await(Duration.ofSeconds(120));
            assertEquals(1, r0.exitCode(), r0::toString);
            assertEquals(1, r1.exitCode(), r1::toString);
            assertTrue(r0.err().contains("process 1 built a different dataflow"), r0::toString);
            assertTrue(r1.err().contains("process 1 built a different dataflow"), r1::toString);
        }
    }

    @Test
    void killingAProcessStopsTheOthersNamingIt() throws IOException {
        List<String> addrs = LocalCluster.freeAddresses(3);
        List<LauncherProcess> running = new ArrayList<>();
        try {
            for (int p = 0; p < 3; p++) {
                running.add(LauncherProcess.spec().args("-cp", LauncherProcess.testClasses())
                        .args(clusterArgs(addrs, p, 1).toArray()).args(FLOWS + ":ticks").start());
            }
            // Keys live on some workers only: wait until the cluster as a whole has ticked a while.
            long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            while (running.stream().mapToInt(p -> p.stdoutCount(line -> line.startsWith("tick "))).sum() < 60) {
                assertTrue(System.nanoTime() < deadline, "the cluster did not tick within 150 s");
                assertTrue(running.stream().allMatch(LauncherProcess::alive), "a process exited early");
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            long killed = System.nanoTime();
            running.get(2).close();
            for (int p = 0; p < 2; p++) {
                LauncherProcess.Result r = running.get(p).await(Duration.ofSeconds(30));
                long took = Duration.ofNanos(System.nanoTime() - killed).toSeconds();
                assertTrue(took < 30, "process " + p + " stopped " + took + " s after the kill");
                assertEquals(1, r.exitCode(), r::toString);
                assertTrue(r.err().contains("lost process 2 (" + addrs.get(2) + ")"), r::toString);
            }
        } finally {
            running.forEach(LauncherProcess::close);
        }
    }

    /** Starts {@code procs} processes of {@code workers} workers running {@code args}; process 0 last. */
    private static List<LauncherProcess> startCluster(int procs, int workers, List<Object> args) throws IOException {
        List<String> addrs = LocalCluster.freeAddresses(procs);
        List<LauncherProcess> running = new ArrayList<>();
        for (int p = procs - 1; p >= 0; p--) {
            running.add(0, LauncherProcess.spec().args("-cp", LauncherProcess.testClasses())
                    .args(clusterArgs(addrs, p, workers).toArray()).args(args.toArray()).start());
        }
        return running;
    }

    @Test
    void stateSurvivesKillingEveryProcessAndResumingWithOtherCounts() throws IOException {
        Path db = dir.resolve("db");
        SlowSums.initRecovery(db, 4);
        int n = 400;
        Map<String, Long> expected = SlowSums.expected(n);
        List<Object> args = List.of("--recovery-dir", db, "--epoch-interval", "100ms", FLOWS + ":slowSums(" + n + ")");

        // Two processes of two workers share the directory; kill both with SIGKILL mid-run.
        List<LauncherProcess> first = startCluster(2, 2, args);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            while (first.stream().mapToInt(p -> p.stdoutCount(line -> line.startsWith("sums "))).sum() < 100) {
                assertTrue(System.nanoTime() < deadline, "the cluster did not sum 100 items within 150 s");
                assertTrue(first.stream().allMatch(LauncherProcess::alive), "a process exited early");
                sleep(50);
            }
        } finally {
            first.forEach(LauncherProcess::close);
        }

        // Three processes of one worker resume from the same directory and finish.
        List<LauncherProcess> second = startCluster(3, 1, args);
        List<String> lines = new ArrayList<>();
        try {
            for (LauncherProcess p : second) {
                LauncherProcess.Result r = p.await(Duration.ofSeconds(180));
                assertEquals(0, r.exitCode(), r::toString);
                lines.addAll(r.stdout());
            }
        } finally {
            second.forEach(LauncherProcess::close);
        }
        long[] firstItem = {Long.MAX_VALUE};
        assertEquals(expected, SlowSums.lastSums(lines, firstItem), "every key's sum is exact after the resume");
        assertTrue(firstItem[0] > 1, "the second cluster resumed instead of starting over");

        // A single process resumes after the end and outputs nothing.
        LauncherProcess.Result after = LauncherProcess.spec().args("-cp", LauncherProcess.testClasses(), "-w", 2)
                .args(args.toArray()).run(Duration.ofSeconds(120));
        assertEquals(0, after.exitCode(), after::toString);
        assertEquals(List.of(), after.stdout().stream().filter(l -> l.startsWith("sums ")).toList(), after::toString);
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
