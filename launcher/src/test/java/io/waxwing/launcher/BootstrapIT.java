package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real launcher processes on 127.0.0.1 forming their cluster with {@code --bootstrap}: Pekko
 * Cluster Bootstrap with {@code config} discovery listing every process's management port, and no
 * {@code -a}. Each process has two free ports: its cluster address ({@code --bind}) and its
 * management port, which serves the contact point.
 */
@Timeout(400)
class BootstrapIT {
    private static final String FLOWS = "io.waxwing.launcher.fixtures.Flows";

    @TempDir
    Path dir;

    /** One process's two ports. */
    private record Ports(int cluster, int management) {
        String bind() {
            return "127.0.0.1:" + cluster;
        }
    }

    private static List<Ports> ports(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        List<Ports> out = new ArrayList<>();
        try {
            for (int i = 0; i < 2 * n; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            for (int i = 0; i < n; i++) {
                out.add(new Ports(sockets.get(2 * i).getLocalPort(), sockets.get(2 * i + 1).getLocalPort()));
            }
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
        return out;
    }

    /**
     * A configuration file: config discovery listing the management ports of {@code listed}, fast
     * probing, and {@code formationTimeout}.
     */
    private Path discoveryConf(List<Ports> listed, String formationTimeout) throws IOException {
        StringBuilder conf = new StringBuilder();
        conf.append("waxwing.cluster.formation-timeout = ").append(formationTimeout).append('\n');
        conf.append("pekko.management.cluster.bootstrap.contact-point-discovery {\n")
                .append("  discovery-method = config\n  service-name = waxwing-it\n")
                .append("  stable-margin = 1s\n  interval = 250ms\n}\n");
        conf.append("pekko.management.cluster.bootstrap.contact-point.probe-interval = 250ms\n");
        conf.append("pekko.discovery.config.services.waxwing-it.endpoints = [\n");
        for (Ports p : listed) {
            conf.append("  { host = \"127.0.0.1\", port = ").append(p.management()).append(" }\n");
        }
        conf.append("]\n");
        Path file = Files.createTempFile(dir, "bootstrap", ".conf");
        Files.writeString(file, conf.toString(), StandardCharsets.UTF_8);
        return file;
    }

    private static LauncherProcess start(Path conf, Ports p, int processes, List<Object> args) {
        return LauncherProcess.spec().jvm("-Dconfig.file=" + conf)
                .args("-cp", LauncherProcess.testClasses(), "--bootstrap", "--processes", processes,
                        "--bind", p.bind(), "--management-port", p.management())
                .args(args.toArray()).start();
    }

    /** Starts one process per entry of {@code ports}, in the order of {@code order}, {@code gap} apart. */
    private static List<LauncherProcess> startAll(Path conf, List<Ports> ports, int processes, List<Integer> order,
            Duration gap, List<Object> args) {
        LauncherProcess[] running = new LauncherProcess[ports.size()];
        for (int i : order) {
            running[i] = start(conf, ports.get(i), processes, args);
            sleep(gap.toMillis());
        }
        return new ArrayList<>(List.of(running));
    }

    /** The process id of {@code ports.get(i)} without pod ordinals: its rank among the (same-host) ports. */
    private static int rank(List<Ports> ports, int i) {
        int id = 0;
        for (Ports p : ports) {
            if (p.cluster() < ports.get(i).cluster()) {
                id++;
            }
        }
        return id;
    }

    private static List<String> sorted(List<String> lines) {
        List<String> out = new ArrayList<>(lines);
        out.sort(null);
        return out;
    }

    @Test
    void threeProcessesFoundByConfigDiscoveryCountExactlyLikeOneWhateverTheStartOrder() throws IOException {
        LauncherProcess.Result single = LauncherProcess.spec().args("examples/WordCount.java")
                .run(Duration.ofSeconds(120));
        assertEquals(0, single.exitCode(), single::toString);
        List<String> expected = sorted(single.stdout());
        assertTrue(expected.size() > 50, "the example counts many words: " + expected);

        List<Ports> ports = ports(3);
        Path conf = discoveryConf(ports, "120s");
        // The process with the highest address starts first, the lowest last, seconds apart.
        List<LauncherProcess> running = startAll(conf, ports, 3, List.of(2, 1, 0), Duration.ofSeconds(2),
                List.of("-w", 2, "examples/WordCount.java"));
        try {
            List<String> all = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                LauncherProcess.Result r = running.get(i).await(Duration.ofSeconds(240));
                assertEquals(0, r.exitCode(), r::toString);
                all.addAll(r.stdout());
                // Without pod ordinals the ids follow the addresses, sorted by host, then port.
                assertTrue(r.err().contains("this is process " + rank(ports, i) + " of "), r::toString);
            }
            assertEquals(expected, sorted(all), "3 bootstrap processes x 2 workers");
        } finally {
            running.forEach(LauncherProcess::close);
        }
    }

    @Test
    void aProcessStartedForAnotherProcessCountStopsTheFormationNamingIt() throws IOException {
        List<Ports> ports = ports(3);
        Path conf = discoveryConf(ports, "40s");
        List<LauncherProcess> running = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (int i = 0; i < 3; i++) {
                running.add(start(conf, ports.get(i), i == 1 ? 2 : 3, List.of(FLOWS + ":ticks")));
            }
            boolean named = false;
            for (LauncherProcess p : running) {
                LauncherProcess.Result r = p.await(Duration.ofSeconds(120));
                assertEquals(1, r.exitCode(), r::toString);
                assertTrue(r.err().contains("--processes") || r.err().contains("while the cluster formed")
                        || r.err().contains("did not form within 40s"), r::toString);
                named |= r.err().contains("give every process the same --processes");
            }
            assertTrue(named, "a process names the disagreement");
            long took = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            assertTrue(took < 40 + 60, "stopped " + took + " s after the start (formation timeout 40 s)");
        } finally {
            running.forEach(LauncherProcess::close);
        }
    }

    @Test
    void tooFewContactPointsStopWithinTheFormationTimeout() throws IOException {
        List<Ports> ports = ports(3);
        // Discovery lists two of three processes: refused at once.
        Path twoListed = discoveryConf(ports.subList(0, 2), "60s");
        LauncherProcess.Result refused;
        try (LauncherProcess p = start(twoListed, ports.get(0), 3, List.of(FLOWS + ":ticks"))) {
            refused = p.await(Duration.ofSeconds(60));
        }
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("lists 2 contact points for service 'waxwing-it'"), refused::toString);

        // Discovery lists three, but only two ever start: the formation timeout stops them.
        Path conf = discoveryConf(ports, "10s");
        List<LauncherProcess> running = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                running.add(start(conf, ports.get(i), 3, List.of(FLOWS + ":ticks")));
            }
            for (LauncherProcess p : running) {
                LauncherProcess.Result r = p.await(Duration.ofSeconds(90));
                assertEquals(1, r.exitCode(), r::toString);
                assertTrue(r.err().contains("the cluster did not form within 10s"), r::toString);
                assertTrue(r.err().contains("Cluster Bootstrap did not find 3 contact points"), r::toString);
            }
        } finally {
            running.forEach(LauncherProcess::close);
        }
    }

    @Test
    void killingABootstrapProcessStopsTheOthersNamingIt() throws IOException {
        List<Ports> ports = ports(3);
        Path conf = discoveryConf(ports, "120s");
        List<LauncherProcess> running = startAll(conf, ports, 3, List.of(0, 1, 2), Duration.ZERO,
                List.of(FLOWS + ":ticks"));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (running.stream().mapToInt(p -> p.stdoutCount(line -> line.startsWith("tick "))).sum() < 60) {
                assertTrue(System.nanoTime() < deadline, "the cluster did not tick within 180 s");
                assertTrue(running.stream().allMatch(LauncherProcess::alive), "a process exited early");
                sleep(100);
            }
            long killed = System.nanoTime();
            running.get(1).close(); // SIGKILL
            for (int i : List.of(0, 2)) {
                LauncherProcess.Result r = running.get(i).await(Duration.ofSeconds(30));
                long took = Duration.ofNanos(System.nanoTime() - killed).toSeconds();
                assertTrue(took < 30, "process at " + ports.get(i).bind() + " stopped " + took + " s after the kill");
                assertEquals(1, r.exitCode(), r::toString);
                assertTrue(r.err().contains("lost process " + rank(ports, 1) + " (" + ports.get(1).bind() + ")"),
                        r::toString);
            }
        } finally {
            running.forEach(LauncherProcess::close);
        }
    }

    @Test
    void oneManagementPortServesTheContactPointAndTheProbesWhileFormingAndRunning() throws IOException {
        List<Ports> ports = ports(2);
        Path conf = discoveryConf(ports, "120s");
        List<LauncherProcess> running = new ArrayList<>();
        try {
            running.add(start(conf, ports.get(0), 2, List.of(FLOWS + ":ticks")));
            int first = ports.get(0).management();
            // Alone, it waits for the other process: alive, not ready, and a contact point.
            ManagementIT.awaitStatus(running.get(0), first, "/alive", 200, Duration.ofSeconds(120));
            assertEquals(500, ManagementIT.get(first, "/ready").statusCode());
            assertEquals(503, ManagementIT.get(first, "/dataflow").statusCode());
            java.net.http.HttpResponse<String> seeds = ManagementIT.get(first, "/bootstrap/seed-nodes");
            assertEquals(200, seeds.statusCode());
            assertTrue(seeds.body().contains("pekko://waxwing@" + ports.get(0).bind()),
                    seeds.body());
            running.add(start(conf, ports.get(1), 2, List.of(FLOWS + ":ticks")));
            for (int i = 0; i < 2; i++) {
                ManagementIT.awaitStatus(running.get(i), ports.get(i).management(), "/ready", 200,
                        Duration.ofSeconds(120));
                java.net.http.HttpResponse<String> metrics = ManagementIT.get(ports.get(i).management(), "/metrics");
                assertEquals(200, metrics.statusCode());
                assertTrue(metrics.body().contains("process_id=\"" + rank(ports, i) + "\""), metrics.body());
                assertEquals(200, ManagementIT.get(ports.get(i).management(), "/dataflow").statusCode());
            }
        } finally {
            running.forEach(LauncherProcess::close);
        }
    }

    @Test
    void stateSurvivesKillingEveryBootstrapProcessAndRestartingThemAll() throws IOException {
        Path db = dir.resolve("db");
        SlowSums.initRecovery(db, 4);
        int n = 400;
        Map<String, Long> expected = SlowSums.expected(n);
        List<Object> args = List.of("--recovery-dir", db, "--epoch-interval", "100ms", FLOWS + ":slowSums(" + n + ")");
        List<Ports> ports = ports(3);
        Path conf = discoveryConf(ports, "120s");

        List<LauncherProcess> first = startAll(conf, ports, 3, List.of(0, 1, 2), Duration.ZERO, args);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (first.stream().mapToInt(p -> p.stdoutCount(line -> line.startsWith("sums "))).sum() < 100) {
                assertTrue(System.nanoTime() < deadline, "the cluster did not sum 100 items within 180 s");
                assertTrue(first.stream().allMatch(LauncherProcess::alive), "a process exited early");
                sleep(50);
            }
        } finally {
            first.forEach(LauncherProcess::close); // SIGKILL, every process
        }

        // The same addresses, started in another order, resume as the same processes.
        List<LauncherProcess> second = startAll(conf, ports, 3, List.of(2, 0, 1), Duration.ofSeconds(1), args);
        List<String> lines = new ArrayList<>();
        try {
            for (LauncherProcess p : second) {
                LauncherProcess.Result r = p.await(Duration.ofSeconds(240));
                assertEquals(0, r.exitCode(), r::toString);
                lines.addAll(r.stdout());
            }
        } finally {
            second.forEach(LauncherProcess::close);
        }
        long[] firstItem = {Long.MAX_VALUE};
        assertEquals(expected, SlowSums.lastSums(lines, firstItem), "every key's sum is exact after the restart");
        assertTrue(firstItem[0] > 1, "the restarted cluster resumed instead of starting over");
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
