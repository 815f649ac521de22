package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The management port of real launcher processes (docs/operations.md): probes, Prometheus metrics
 * and the dataflow graph, for one process and for a two-process cluster on 127.0.0.1.
 */
class ManagementIT {
    private static final String OPS = "io.waxwing.launcher.fixtures.OperationsFlows";
    private static final String FLOWS = "io.waxwing.launcher.fixtures.Flows";
    private static final Duration START = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One metric sample of the Prometheus text format. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    /** Checks every line against the Prometheus text format (0.0.4) and returns the samples. */
    static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                assertTrue(line.matches("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*"), "bad comment line: " + line);
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a Prometheus sample line: " + line);
            Map<String, String> labels = new HashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                int end = 0;
                while (l.find() && l.start() == end) {
                    labels.put(l.group(1), l.group(2));
                    end = l.end();
                }
                assertEquals(m.group(3).length(), end, "bad labels in " + line);
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4).replace("Inf", "Infinity"))));
        }
        return samples;
    }

    static double sum(List<Sample> samples, String name, String stepId) {
        double total = 0;
        for (Sample s : samples) {
            if (s.name().equals(name) && stepId.equals(s.labels().get("step_id"))) {
                total += s.value();
            }
        }
        return total;
    }

    /** Status and body, or status -1 while nothing listens. */
    static HttpResponse<String> get(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code path} until it answers {@code status}, for at most {@code timeout}, while {@code p} runs. */
    static HttpResponse<String> awaitStatus(LauncherProcess p, int port, String path, int status, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(port, path);
            if (r != null) {
                last = r;
                if (r.statusCode() == status) {
                    return r;
                }
            }
            if (!p.alive()) {
                fail(path + " never answered " + status + " before the process exited; last: "
                        + (last == null ? "no answer" : last.statusCode() + " " + last.body()) + "\n" + p.await(
                                Duration.ofSeconds(5)));
            }
            sleep(100);
        }
        fail(path + " did not answer " + status + " within " + timeout + "; last: "
                + (last == null ? "no answer" : last.statusCode() + " " + last.body()));
        return null;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void singleProcessServesMetricsThatCountEveryItemAndTheDataflowGraph() throws IOException {
        int port = freePort();
        int n = 300;
        try (LauncherProcess p = LauncherProcess.spec().jvm("-Dwaxwing.management.linger=20s")
                .args("-cp", LauncherProcess.testClasses(), "--management-port", port, "--management-host",
                        "127.0.0.1", "--epoch-interval", "100ms", OPS + ":counted(" + n + ")")
                .start()) {
            // The last count of each key: 100 items each.
            p.awaitStdoutCount(l -> l.matches("counted k[012] 100"), 3, START);
            HttpResponse<String> ready = awaitStatus(p, port, "/ready", 500, START);
            assertTrue(ready.statusCode() == 500, "ready after the end: " + ready.body());
            assertEquals(200, get(port, "/alive").statusCode());
            assertEquals(200, get(port, "/startup").statusCode());

            HttpResponse<String> metrics = get(port, "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                    metrics.headers().toString());
            List<Sample> samples = parse(metrics.body());
            assertEquals(n, sum(samples, "waxwing_item_out_count_total", "ops_counted.inp"), metrics.body());
            assertEquals(n, sum(samples, "waxwing_item_inp_count_total", "ops_counted.count"), metrics.body());
            assertEquals(n, sum(samples, "waxwing_item_inp_count_total", "ops_counted.out"), metrics.body());
            for (Sample s : samples) {
                if (s.name().startsWith("waxwing_item_")) {
                    assertEquals("0", s.labels().get("process_id"), s.toString());
                    assertEquals("0", s.labels().get("worker_index"), s.toString());
                }
            }
            assertTrue(samples.stream().anyMatch(s -> s.name().equals("waxwing_committed_epoch") && s.value() >= 1),
                    "a committed epoch: " + metrics.body());
            assertTrue(samples.stream().anyMatch(s -> s.name().startsWith("jvm_memory_")), "JVM metrics");
            assertTrue(sum(samples, "waxwing_inp_part_next_batch_duration_seconds_count", "ops_counted.inp") >= n / 7,
                    "one nextBatch() timed per batch of 7: " + metrics.body());
            assertTrue(sum(samples, "waxwing_stateful_batch_duration_seconds_count", "ops_counted.count") > 0,
                    metrics.body());
            assertTrue(sum(samples, "waxwing_out_part_write_batch_duration_seconds_count", "ops_counted.out") > 0,
                    metrics.body());
            assertTrue(samples.stream().anyMatch(s -> s.name().equals("waxwing_snapshot_duration_seconds_count")
                    && s.value() > 0), "snapshots timed: " + metrics.body());

            HttpResponse<String> graph = get(port, "/dataflow");
            assertEquals(200, graph.statusCode());
            JsonNode json = new ObjectMapper().readTree(graph.body());
            assertEquals("ops_counted", json.get("flowId").asText());
            List<String> steps = new ArrayList<>();
            for (JsonNode s : json.get("steps")) {
                steps.add(s.get("stepId").asText() + " " + s.get("kind").asText() + " " + s.get("exchange").asText());
            }
            assertEquals(List.of("ops_counted.inp input none", "ops_counted.all transform none",
                    "ops_counted.key transform none", "ops_counted.count stateful keyed",
                    "ops_counted.format transform none", "ops_counted.out output none"), steps);
            assertEquals("ops_counted.key.down",
                    json.get("steps").get(3).get("inputs").get(0).get("from").get(0).asText());
            p.signal("TERM");
            p.await(Duration.ofSeconds(60));
        }
    }

    @Test
    void clusterIsReadyOnlyOnceEveryProcessJoinedAndNotAfterAPeerIsKilled() throws IOException {
        List<String> addrs = List.of("127.0.0.1:" + freePort(), "127.0.0.1:" + freePort());
        int[] ports = {freePort(), freePort()};
        List<Object> common = new ArrayList<>(List.of("-cp", LauncherProcess.testClasses()));
        for (String a : addrs) {
            common.add("-a");
            common.add(a);
        }
        try (LauncherProcess p0 = LauncherProcess.spec().jvm("-Dwaxwing.management.linger=20s")
                .args(common.toArray()).args("-i", 0, "--management-port", ports[0], FLOWS + ":ticks").start()) {
            // Process 1 is not there: the cluster cannot form, process 0 is not ready.
            HttpResponse<String> before = awaitStatus(p0, ports[0], "/ready", 500, START);
            assertEquals(500, before.statusCode());
            assertEquals(200, get(ports[0], "/alive").statusCode());
            try (LauncherProcess p1 = LauncherProcess.spec().env("WAXWING_MANAGEMENT_PORT", Integer.toString(ports[1]))
                    .args(common.toArray()).args("-i", 1, FLOWS + ":ticks").start()) {
                awaitStatus(p0, ports[0], "/ready", 200, START);
                awaitStatus(p1, ports[1], "/ready", 200, START);
                p0.awaitStdoutCount(l -> l.startsWith("tick "), 20, START);
                List<Sample> samples = parse(get(ports[1], "/metrics").body());
                assertTrue(samples.stream().anyMatch(s -> s.name().equals("waxwing_item_out_count_total")
                        && "1".equals(s.labels().get("process_id")) && "1".equals(s.labels().get("worker_index"))
                        && s.value() > 0), "process 1's worker 1 counts what it read");
                assertTrue(samples.stream().anyMatch(s -> s.name().equals("waxwing_sent_bytes_total")
                        && "1".equals(s.labels().get("worker_index")) && s.value() > 0),
                        "process 1's worker sends keyed items to process 0");
                assertTrue(samples.stream().anyMatch(s -> s.name().equals("waxwing_received_frames_total")
                        && s.value() > 0), "and receives from it");
                JsonNode json = new ObjectMapper().readTree(get(ports[1], "/dataflow").body());
                assertEquals("fixture_ticks", json.get("flowId").asText());
                p1.kill();
            }
            // Process 0 loses its peer: not ready any more, before it exits.
            awaitStatus(p0, ports[0], "/ready", 500, START);
            assertTrue(p0.alive(), "process 0 still runs while /ready says 500");
            LauncherProcess.Result r = p0.await(Duration.ofSeconds(60));
            assertEquals(ExitCode.DATAFLOW_FAILED, r.exitCode(), r.toString());
        }
    }

    @Test
    void everyProcessLogsResourceReports() {
        try (LauncherProcess p = LauncherProcess.spec().jvm("-Dwaxwing.management.resource-report-interval=500ms")
                .args("-cp", LauncherProcess.testClasses(), "-w", 2, FLOWS + ":ticks").start()) {
            Pattern report = Pattern.compile(".*resources of process 0: heap \\d+ MiB used of \\d+ MiB max, RSS"
                    + " (\\d+ MiB|n/a), CPU ([0-9.]+%|n/a), items/s read \\[worker 0: [0-9.]+, worker 1: [0-9.]+\\]");
            // The second line: the first may come before the workers read anything.
            p.awaitStderr(l -> report.matcher(l).matches() && !l.contains("[worker 0: 0.0, worker 1: 0.0]"),
                    START, "a resource report with items/s of both workers");
            p.signal("TERM");
            p.await(Duration.ofSeconds(60));
        }
    }

    @Test
    void aManagementPortInUseIsAClearErrorNamingIt() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            LauncherProcess.Result r = LauncherProcess.spec()
                    .args("--management-port", port, "--management-host", "127.0.0.1", "examples/WordCount.java")
                    .run(START);
            assertEquals(ExitCode.DATAFLOW_FAILED, r.exitCode(), r.toString());
            assertTrue(r.err().contains("management port 127.0.0.1:" + port + " is already in use"), r.toString());
        }
    }

    @Test
    void aManagementPortOutOfRangeIsABadCommandLine() {
        LauncherProcess.Result r = LauncherProcess.spec().env("WAXWING_MANAGEMENT_PORT", "70000")
                .args("examples/WordCount.java").run(START);
        assertEquals(ExitCode.USAGE, r.exitCode(), r.toString());
        assertTrue(r.err().contains("WAXWING_MANAGEMENT_PORT must be a port from 0 to 65535"), r.toString());
    }
}
