package io.waxwing.run.internal.ops;

import com.typesafe.config.Config;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.engine.EngineConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.ActorSystem;

/**
 * Everything this process offers operators for one execution: its metrics and health, the
 * management HTTP server when {@code waxwing.management.port} is set, and the periodic resource
 * report. Opened by the entry point before the execution starts and closed after it returns.
 */
public final class Operations implements AutoCloseable {
    /** The management actor systems and what they serve: how routes and health checks find it. */
    private static final Map<ActorSystem, Operations> SERVED = new ConcurrentHashMap<>();

    private final DataflowGraph graph;
    private final ProcessHealth health;
    private final PrometheusMetrics metrics;
    private final ResourceReport report;
    /** Set once by {@link #start}, read only by the thread that closes this. */
    private ManagementServer server;
    /** The execution's actor system when its own management serves this ({@link #serveOn}), else null. */
    private ActorSystem servedOn;
    private Duration linger = Duration.ZERO;

    private Operations(DataflowGraph graph, ProcessHealth health, PrometheusMetrics metrics, ResourceReport report) {
        this.graph = graph;
        this.health = health;
        this.metrics = metrics;
        this.report = report;
    }

    /**
     * Starts operations for this process's part of {@code flow}: process {@code processId} of
     * {@code addresses} (empty for a single process) with {@code localWorkers} workers.
     *
     * @throws io.waxwing.errors.WaxwingException when the management port cannot be bound
     */
    public static Operations start(Config root, Dataflow flow, List<String> addresses, int processId,
            int localWorkers, Duration epochInterval) {
        Config c = root.getConfig("waxwing.management");
        ProcessHealth health = new ProcessHealth(localWorkers, stuckAfter(c, epochInterval));
        PrometheusMetrics metrics = new PrometheusMetrics(processId, health, c.getBoolean("metrics"));
        Duration every = c.getDuration("resource-report-interval");
        ResourceReport report = every.isZero() ? null : ResourceReport.start(every, processId, metrics);
        Operations ops = new Operations(DataflowGraph.of(flow), health, metrics, report);
        if (!c.getIsNull("port")) {
            try {
                String host = c.getString("host");
                if (host.isEmpty() && !addresses.isEmpty()) {
                    String self = addresses.get(processId);
                    host = self.substring(0, self.lastIndexOf(':'));
                }
                ops.server = ManagementServer.start(root, host, c.getInt("port"), c.getDuration("linger"),
                        system -> SERVED.put(system, ops));
            } catch (RuntimeException e) {
                SERVED.values().removeIf(served -> served == ops);
                ops.close();
                throw e;
            }
        }
        return ops;
    }

    /**
     * Like {@link #start}, but served by the management server already running on {@code system}
     * (the bootstrap formation runs Pekko Management on the execution's actor system, which serves
     * Cluster Bootstrap's contact point): no server of its own. {@link #close} serves the final
     * state for {@code waxwing.management.linger}, then stops serving; the caller stops the system.
     */
    public static Operations serveOn(ActorSystem system, Config root, Dataflow flow, List<String> addresses,
            int processId, int localWorkers, Duration epochInterval) {
        Config c = root.getConfig("waxwing.management");
        ProcessHealth health = new ProcessHealth(localWorkers, stuckAfter(c, epochInterval));
        PrometheusMetrics metrics = new PrometheusMetrics(processId, health, c.getBoolean("metrics"));
        Duration every = c.getDuration("resource-report-interval");
        ResourceReport report = every.isZero() ? null : ResourceReport.start(every, processId, metrics);
        Operations ops = new Operations(DataflowGraph.of(flow), health, metrics, report);
        ops.servedOn = system;
        ops.linger = c.getDuration("linger");
        SERVED.put(system, ops);
        return ops;
    }

    /** {@code config} reporting to this process's metrics. */
    public EngineConfig instrument(EngineConfig config) {
        return config.withMetrics(metrics);
    }

    /** The execution ended here (normally or not): not ready any more. */
    public void ended(boolean failed) {
        metrics.ended(failed);
    }

    /** The execution failed and restarts by itself: counted, and not ready until it runs again. */
    public void restarting() {
        metrics.restarting();
    }

    /** What {@code system} serves, or {@code null} while it serves nothing yet (a forming bootstrap cluster). */
    static Operations servedOrNull(ActorSystem system) {
        return SERVED.get(system);
    }

    static Operations servedBy(ActorSystem system) {
        Operations ops = SERVED.get(system);
        if (ops == null) {
            throw new IllegalStateException("actor system " + system.name() + " serves no Waxwing execution");
        }
        return ops;
    }

    DataflowGraph graph() {
        return graph;
    }

    ProcessHealth health() {
        return health;
    }

    PrometheusMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        if (report != null) {
            report.close();
        }
        if (server != null) {
            server.close();
            SERVED.remove(server.system());
        }
        if (servedOn != null) {
            if (!linger.isZero()) {
                try {
                    Thread.sleep(linger.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            SERVED.remove(servedOn);
        }
    }

    /**
     * How long without a commit counts as stuck: {@code stuck-after-epochs} epoch intervals, at
     * least {@code stuck-after-min}; never with a zero epoch interval, where epochs follow the data
     * and an idle input commits nothing.
     */
    private static Duration stuckAfter(Config c, Duration epochInterval) {
        Duration interval = epochInterval == null ? EngineConfig.DEFAULT_EPOCH_INTERVAL : epochInterval;
        if (interval.isZero()) {
            return null;
        }
        Duration multiple = interval.multipliedBy(c.getInt("health.stuck-after-epochs"));
        Duration min = c.getDuration("health.stuck-after-min");
        return multiple.compareTo(min) < 0 ? min : multiple;
    }
}
