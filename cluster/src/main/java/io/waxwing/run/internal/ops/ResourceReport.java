package io.waxwing.run.internal.ops;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one INFO line per interval: heap used/max, resident memory where the OS reports it
 * ({@code /proc/self/status}), process CPU, and the items per second each local worker's inputs
 * read since the last line — what the seed's {@code log_resource_usage} does by hand.
 */
final class ResourceReport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceReport.class);

    private final ScheduledExecutorService timer;
    private final int processId;
    private final PrometheusMetrics metrics;
    private Map<Integer, Long> lastRead = new HashMap<>();
    private long lastNanos = System.nanoTime();

    private ResourceReport(ScheduledExecutorService timer, int processId, PrometheusMetrics metrics) {
        this.timer = timer;
        this.processId = processId;
        this.metrics = metrics;
    }

    static ResourceReport start(Duration every, int processId, PrometheusMetrics metrics) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "waxwing-resource-report");
            t.setDaemon(true);
            return t;
        });
        ResourceReport report = new ResourceReport(timer, processId, metrics);
        timer.scheduleAtFixedRate(report::log, every.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
        return report;
    }

    /** Runs on the timer's thread only. */
    private void log() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
        Map<Integer, Long> read = metrics.itemsRead();
        StringJoiner rates = new StringJoiner(", ", "[", "]");
        read.forEach((w, n) -> rates.add("worker " + w + ": "
                + String.format(java.util.Locale.ROOT, "%.1f", (n - lastRead.getOrDefault(w, 0L)) / seconds)));
        lastRead = read;
        lastNanos = now;
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        LOG.info("resources of process {}: heap {} MiB used of {} MiB max, RSS {}, CPU {}, items/s read {}", processId,
                heap.getUsed() >> 20, heap.getMax() >> 20, rss(), cpu(), rates);
    }

    private static String rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kib = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                    return (kib >> 10) + " MiB";
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc is not mounted: the OS does not report it this way.
        }
        return "n/a";
    }

    private static String cpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            double load = os.getProcessCpuLoad();
            if (load >= 0) {
                return String.format(java.util.Locale.ROOT, "%.1f%%", load * 100
                        * Runtime.getRuntime().availableProcessors());
            }
        }
        return "n/a";
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
