package io.waxwing.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.errors.WaxwingRuntimeException;
import io.waxwing.inputs.DynamicSource;
import io.waxwing.inputs.StatelessSourcePartition;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The actor runtime as a whole: failure, abort, flow control, idling, clean shutdown. */
@Timeout(120)
class LocalRuntimeTest {

    /** A source on every worker that emits one item every 5 ms, forever. */
    private static DynamicSource<Integer> trickle() {
        return (stepId, worker, count) -> new StatelessSourcePartition<>() {
            private int n;
            private Instant awake = Instant.now();

            @Override
            public List<Integer> nextBatch() {
                awake = Instant.now().plusMillis(5);
                return List.of(n++);
            }

            @Override
            public Instant nextAwake() {
                return awake;
            }
        };
    }

    @Test
    void userExceptionInOneWorkerStopsEveryWorkerWithinASecond() {
        RuntimeException boom = new RuntimeException("boom on worker 1");
        long[] thrownAt = new long[1];
        Dataflow flow = new Dataflow("fail_df");
        flow.input("inp", trickle())
                .inspectDebug("explode", (step, x, epoch, worker) -> {
                    if (worker == 1 && x == 20) {
                        thrownAt[0] = System.nanoTime();
                        throw boom;
                    }
                })
                .output("out", new TestingSink<>(new ArrayList<>()));
        WaxwingRuntimeException e = assertThrows(WaxwingRuntimeException.class,
                () -> Execution.clusterMain(flow, List.of(), 0, Duration.ofMillis(50), null, 3));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - thrownAt[0]);
        assertTrue(e.getMessage().contains("fail_df.explode"), e.getMessage());
        assertEquals(boom, e.getCause());
        assertTrue(elapsedMs < 1000, "clusterMain returned " + elapsedMs + " ms after the failure");
    }

    @Test
    void abortStopsEveryWorkerAndReturnsNormally() {
        List<Integer> out = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = new Dataflow("abort_df");
        // Worker 0 holds the testing source and aborts; the other workers run forever unless stopped.
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3, TestingSource.abort(), 4)))
                .merge("all", flow.input("forever", trickle()).filter("none", x -> false))
                .output("out", new TestingSink<>(out));
        Execution.clusterMain(flow, List.of(), 0, Duration.ZERO, null, 3);
        Collections.sort(out);
        assertEquals(List.of(1, 2, 3), out);
    }

    @Test
    void leavesNoThreadsBehind() throws InterruptedException {
        Dataflow flow = new Dataflow("threads_df");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3)))
                .keyOn("k", x -> "k" + x)
                .countFinal("c")
                .output("out", new TestingSink<>(new ArrayList<>()));
        Execution.clusterMain(flow, List.of(), 0, null, null, 2);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left;
        do {
            left = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.isAlive() && t.getName().startsWith("waxwing")) {
                    left.add(t.getName());
                }
            }
            if (!left.isEmpty()) {
                Thread.sleep(50);
            }
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        assertEquals(List.of(), left, "threads of the execution still alive");
    }

    @Test
    void idleWorkersSleepOnTimersInsteadOfSpinning() {
        Duration idle = Duration.ofSeconds(3);
        DynamicSource<Integer> sleepy = (stepId, worker, count) -> new StatelessSourcePartition<>() {
            private final Instant end = Instant.now().plus(idle);

            @Override
            public List<Integer> nextBatch() {
                return Instant.now().isBefore(end) ? List.of() : null;
            }

            @Override
            public Instant nextAwake() {
                return end;
            }
        };
        Dataflow flow = new Dataflow("idle_df");
        flow.input("inp", sleepy).output("out", new TestingSink<>(new ArrayList<>()));
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long wallBefore = System.nanoTime();
        Execution.clusterMain(flow, List.of(), 0, null, null, 2);
        long cpu = os.getProcessCpuTime() - cpuBefore;
        long wall = System.nanoTime() - wallBefore;
        double share = (double) cpu / wall;
        // Starting and stopping the actor system costs some CPU; the idle time must cost next to none.
        assertTrue(share < 0.05 + 0.5e9 / wall, "an idle dataflow used " + Math.round(share * 100)
                + "% of a core over " + TimeUnit.NANOSECONDS.toMillis(wall) + " ms");
    }

    @Test
    void fastSourceIntoSlowKeyedStepCompletesInASmallHeapWithExactCounts() throws IOException, InterruptedException {
        long total = 20_000_000L;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                SlowKeyedStepMain.class.getName(), Long.toString(total), "2")
                .redirectErrorStream(true)
                .start();
        try {
            String output;
            boolean exited = p.waitFor(100, TimeUnit.SECONDS);
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(exited, "did not finish in time: " + output);
            assertEquals(0, p.exitValue(), output);
            String counts = output.lines().filter(l -> l.startsWith("counts {")).findFirst().orElse("");
            String[] entries = counts.substring(counts.indexOf('{') + 1, Math.max(counts.indexOf('}'), 0)).split(", ");
            assertEquals(100, entries.length, "one count per key: " + output);
            for (String entry : entries) {
                assertEquals(Long.toString(total / 100), entry.substring(entry.indexOf('=') + 1), entry);
            }
        } finally {
            p.destroyForcibly();
        }
    }
}
