package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.waxwing.launcher.fixtures.FaultFlows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Randomized kill -9 trials against real launcher processes with recovery: each trial kills one or
 * two runs at a random moment — during start-up, recovery, snapshots or commits, since epochs last
 * 50 ms — changing the layout between runs (one process of two workers, or two processes sharing the
 * recovery directory), then lets a last run finish. Every running count and sum any run printed must
 * be the item's true one, and every item must have been counted: a lost or repeated update of state
 * would break both.
 *
 * <p>CI runs {@code waxwing.fault.trials} trials (default 3); {@code scripts/fault-trials.sh N} runs
 * any number. A trial's seed is printed with its failure, and {@code -Dwaxwing.fault.seed=S} replays
 * it.
 */
class FaultTrialsIT {
    private static final String FLOW = "io.waxwing.launcher.fixtures.FaultFlows:runningCounts(400, 8, 5)";
    private static final int ITEMS = 400;
    private static final int KEYS = 8;

    /** One way to run the dataflow. */
    private enum Layout {
        ONE_PROCESS_TWO_WORKERS, TWO_PROCESSES_SHARING_THE_DIRECTORY
    }

    static Stream<Integer> trials() {
        return IntStream.range(0, Integer.getInteger("waxwing.fault.trials", 3)).boxed();
    }

    private static long seed(int trial) {
        return Long.getLong("waxwing.fault.seed", 0x5eedL + trial * 7919L);
    }

    @ParameterizedTest(name = "trial {0}")
    @MethodSource("trials")
    void killNineAtRandomMomentsNeverLosesOrRepeatsState(int trial) throws IOException {
        long seed = seed(trial);
        Random random = new Random(seed);
        Path db = Files.createTempDirectory("waxwing-faults");
        LauncherProcess.Result init = LauncherProcess.spec().args("recovery", "init", db, "4").run(Duration.ofSeconds(60));
        assertEquals(0, init.exitCode(), init::toString);

        List<String> lines = new ArrayList<>();
        StringBuilder story = new StringBuilder("seed " + seed + ":");
        try {
            int killedRuns = 1 + random.nextInt(2);
            boolean finishedEarly = false;
            for (int k = 0; k < killedRuns && !finishedEarly; k++) {
                Layout layout = Layout.values()[random.nextInt(2)];
                long delay = 300 + random.nextInt(3700);
                story.append(" run ").append(layout).append(" killed after ").append(delay).append(" ms");
                finishedEarly = killedRun(layout, db, delay, random, lines, story);
            }
            Layout last = Layout.values()[random.nextInt(2)];
            story.append("; last run ").append(last);
            for (LauncherProcess.Result r : run(last, db)) {
                assertEquals(0, r.exitCode(), () -> story + "\n" + r);
                lines.addAll(r.stdout());
            }
            RunningCounts.check(lines, ITEMS, KEYS, story.toString());
            System.out.println("fault trial " + trial + " passed, " + story);
        } catch (AssertionError e) {
            throw new AssertionError(story + "\n" + e.getMessage(), e);
        }
    }

    /**
     * Starts a run, waits {@code delayMillis}, then kills one or every process with SIGKILL; a
     * process that was not killed must end on its own (it loses its peer). Returns whether the run
     * had already finished before the kill.
     */
    private static boolean killedRun(Layout layout, Path db, long delayMillis, Random random, List<String> lines,
            StringBuilder story) throws IOException {
        List<LauncherProcess> running = start(layout, db);
        try {
            sleep(delayMillis);
            if (running.stream().noneMatch(LauncherProcess::alive)) {
                for (LauncherProcess p : running) {
                    LauncherProcess.Result r = p.await(Duration.ofSeconds(10));
                    assertEquals(0, r.exitCode(), () -> story + "\n" + r);
                    lines.addAll(r.stdout());
                }
                story.append(" (finished first)");
                return true;
            }
            boolean killAll = running.size() == 1 || random.nextBoolean();
            int victim = random.nextInt(running.size());
            for (int p = 0; p < running.size(); p++) {
                if (killAll || p == victim) {
                    running.get(p).close();
                }
            }
            story.append(killAll ? " (all)" : " (process " + victim + ")");
            for (int p = 0; p < running.size(); p++) {
                // A killed process's output up to the kill is output it printed: it must be true too. A
                // process that lost its peer ends by itself: at once once running, at the (shortened)
                // formation timeout if the peer died before the cluster formed.
                LauncherProcess.Result r = running.get(p).await(Duration.ofSeconds(60));
                lines.addAll(r.stdout());
                if (!killAll && p != victim) {
                    story.append(", process ").append(p).append(" exited ").append(r.exitCode());
                    if (r.exitCode() != 0 && r.exitCode() != 1) {
                        fail(story + ": a process that lost its peer must exit 0 (finished) or 1\n" + r);
                    }
                }
            }
            return false;
        } finally {
            running.forEach(LauncherProcess::close);
        }
    }

    private static List<LauncherProcess.Result> run(Layout layout, Path db) throws IOException {
        List<LauncherProcess> running = start(layout, db);
        try {
            List<LauncherProcess.Result> results = new ArrayList<>();
            for (LauncherProcess p : running) {
                results.add(p.await(Duration.ofSeconds(180)));
            }
            return results;
        } finally {
            running.forEach(LauncherProcess::close);
        }
    }

    private static List<LauncherProcess> start(Layout layout, Path db) throws IOException {
        List<Object> common = List.of("-cp", LauncherProcess.testClasses(), "--recovery-dir", db,
                "--epoch-interval", "50ms");
        List<LauncherProcess> running = new ArrayList<>();
        if (layout == Layout.ONE_PROCESS_TWO_WORKERS) {
            running.add(LauncherProcess.spec().args(common.toArray()).args("-w", 2, FLOW).start());
            return running;
        }
        List<String> addrs = LocalCluster.freeAddresses(2);
        for (int p = 0; p < 2; p++) {
            running.add(LauncherProcess.spec().jvm("-Dwaxwing.cluster.formation-timeout=15s").args(common.toArray())
                    .args("-i", p, "-a", addrs.get(0), "-a", addrs.get(1), FLOW).start());
        }
        return running;
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
