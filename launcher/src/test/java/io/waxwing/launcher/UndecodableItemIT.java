package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.launcher.fixtures.ExchangeFlows;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An item that one process sends and the other cannot decode stops every process of the cluster
 * within seconds, with a line naming the type, the step and the process — it is never dropped
 * with a log line while the processes run on.
 */
class UndecodableItemIT {
    private static final String FLOWS = "io.waxwing.launcher.fixtures.ExchangeFlows";
    /** From the first item exchanged to both exits; a hang is what this guards against. */
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(15);

    @Test
    void anItemTheReceivingProcessCannotDecodeStopsBothProcessesNamingTypeStepAndProcess() throws IOException {
        // Process 1 cannot rebuild a Fragile (as if it had another version of the class); process 0 can.
        List<LauncherProcess.Result> results = runPair("fragile", "-D" + ExchangeFlows.REFUSE_PROPERTY + "=true");
        LauncherProcess.Result r0 = results.get(0);
        LauncherProcess.Result r1 = results.get(1);
        assertEquals(1, r1.exitCode(), r1::toString);
        assertEquals(1, r0.exitCode(), r0::toString);
        String type = ExchangeFlows.Fragile.class.getName();
        for (LauncherProcess.Result r : results) {
            String line = failureLine(r);
            assertTrue(line.contains("fixture_undecodable.spread"), () -> "no step in: " + line + "\n" + r);
            assertTrue(line.contains(type), () -> "no type in: " + line + "\n" + r);
            assertTrue(line.contains("cannot be decoded by process 1"), () -> "no process in: " + line + "\n" + r);
        }
    }

    @Test
    void anItemOverTheFrameSizeStopsBothProcessesNamingItsSizeAndTheSetting() throws IOException {
        List<LauncherProcess.Result> results = runPair("huge", null);
        for (LauncherProcess.Result r : results) {
            assertEquals(1, r.exitCode(), r::toString);
        }
        String line = results.stream().flatMap(r -> r.stderr().stream())
                .filter(l -> l.startsWith("waxwing: dataflow 'fixture_undecodable' failed") && l.contains("encodes to"))
                .findFirst().orElseThrow(() -> new AssertionError("no size in\n" + results.get(0) + "\n" + results.get(1)));
        assertTrue(line.contains("an item of type [B encodes to 52428"), line);
        assertTrue(line.contains("pekko.remote.artery.advanced.maximum-frame-size"), line);
        // A batch of one item: lowering the batch size would not help.
        assertTrue(!line.contains("exchange-batch-size"), line);
    }

    /** Starts two processes running {@code undecodable(kind)}; returns both results, each bounded in time. */
    private static List<LauncherProcess.Result> runPair(String kind, String process1JvmArg) throws IOException {
        String a0 = "127.0.0.1:" + freePort();
        String a1 = "127.0.0.1:" + freePort();
        List<Object> common = List.of("-cp", LauncherProcess.testClasses(), "-a", a0, "-a", a1);
        String flow = FLOWS + ":undecodable(\"" + kind + "\")";
        LauncherProcess.Spec spec1 = LauncherProcess.spec().args(common.toArray()).args("-i", 1, flow);
        if (process1JvmArg != null) {
            spec1.jvm(process1JvmArg);
        }
        try (LauncherProcess p0 = LauncherProcess.spec().args(common.toArray()).args("-i", 0, flow).start();
                LauncherProcess p1 = spec1.start()) {
            // The cluster forms and the execution starts; from there on the items cross at once.
            p0.awaitStderr(line -> line.contains("execution of fixture_undecodable started"), Duration.ofSeconds(90),
                    "execution start");
            long started = System.nanoTime();
            LauncherProcess.Result r0 = p0.await(EXIT_WITHIN.plusSeconds(30));
            LauncherProcess.Result r1 = p1.await(Duration.ofSeconds(30));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(EXIT_WITHIN) < 0, () -> "both processes exited only " + took.toMillis()
                    + " ms after the execution started\n" + r0 + "\n" + r1);
            return List.of(r0, r1);
        }
    }

    /** The launcher's one-line summary of the failure. */
    private static String failureLine(LauncherProcess.Result r) {
        return r.stderr().stream().filter(l -> l.startsWith("waxwing: dataflow 'fixture_undecodable' failed"))
                .findFirst().orElseThrow(() -> new AssertionError("no failure line\n" + r));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
