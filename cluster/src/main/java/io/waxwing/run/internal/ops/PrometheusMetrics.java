package io.waxwing.run.internal.ops;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.waxwing.engine.EngineMetrics;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One execution's metrics in this JVM's Prometheus registry, with Bytewax's names prefixed
 * {@code waxwing_} and the labels {@code step_id}, {@code worker_index}, {@code process_id}; plus
 * the JVM's (memory, GC, CPU, threads), registered on the first scrape. The registry and its metric
 * families are made once per JVM (on first use), so an execution costs a few label lookups, once per step and worker when the plan
 * is compiled; the engine adds to them once per batch. Series are per process: executions run one
 * after another in one JVM add to the same counters.
 */
public final class PrometheusMetrics implements EngineMetrics {
    private final Families f = Families.INSTANCE;
    private final String process;
    private final ProcessHealth health;
    /** Whether items and batch times are counted ({@code waxwing.management.metrics}). */
    private final boolean counting;
    private final Set<Integer> workers = ConcurrentHashMap.newKeySet();
    /** Items read by each local worker's inputs, for the resource report. */
    private final Map<Integer, LongAdder> read = new ConcurrentHashMap<>();

    PrometheusMetrics(int processId, ProcessHealth health, boolean counting) {
        this.process = Integer.toString(processId);
        this.health = health;
        this.counting = counting;
    }

    /** The registry, for a scrape: with the JVM's metrics, registered on the first scrape. */
    static PrometheusRegistry registry() {
        Families families = Families.INSTANCE;
        families.registerJvmMetrics();
        return families.registry;
    }

    @Override
    public BatchCounter itemsIn(String stepId, int worker) {
        if (!counting) {
            return BatchCounter.NONE;
        }
        CounterDataPoint point = f.itemsIn.labelValues(stepId, Integer.toString(worker), process);
        return point::inc;
    }

    @Override
    public BatchCounter itemsOut(String stepId, int worker) {
        if (!counting) {
            return BatchCounter.NONE;
        }
        CounterDataPoint point = f.itemsOut.labelValues(stepId, Integer.toString(worker), process);
        LongAdder total = read.computeIfAbsent(worker, w -> new LongAdder());
        return n -> {
            point.inc(n);
            total.add(n);
        };
    }

    @Override
    public DurationRecorder batchDuration(Timed what, String stepId, int worker) {
        if (!counting) {
            return DurationRecorder.NONE;
        }
        Histogram h = switch (what) {
            case INPUT_NEXT_BATCH -> f.inputBatch;
            case SINK_WRITE_BATCH -> f.sinkBatch;
            case STATEFUL_BATCH -> f.statefulBatch;
        };
        DistributionDataPoint point = h.labelValues(stepId, Integer.toString(worker), process);
        return nanos -> point.observe(nanos / 1e9);
    }

    @Override
    public DurationRecorder creditWait(int worker) {
        CounterDataPoint point = f.creditWait.labelValues(Integer.toString(worker), process);
        return nanos -> point.inc(nanos / 1e9);
    }

    @Override
    public void snapshotStored(int worker, long takeNanos, long durableNanos) {
        String w = Integer.toString(worker);
        f.snapshotDuration.labelValues(w, process).observe(takeNanos / 1e9);
        f.writeDuration.labelValues(w, process).observe(durableNanos / 1e9);
    }

    @Override
    public void frameSent(int worker, int bytes) {
        String w = Integer.toString(worker);
        f.framesSent.labelValues(w, process).inc();
        f.bytesSent.labelValues(w, process).inc(bytes);
    }

    @Override
    public void frameReceived(int worker, int bytes) {
        String w = Integer.toString(worker);
        f.framesReceived.labelValues(w, process).inc();
        f.bytesReceived.labelValues(w, process).inc(bytes);
    }

    @Override
    public void workerStarted(int worker, long startEpoch) {
        workers.add(worker);
        f.epoch.labelValues(Integer.toString(worker), process).set(startEpoch);
        f.committedEpoch.labelValues(Integer.toString(worker), process).set(startEpoch - 1);
        health.workerStarted();
    }

    @Override
    public void epochOpened(int worker, long e) {
        f.epoch.labelValues(Integer.toString(worker), process).set(e);
    }

    @Override
    public void committed(long e, long nanos) {
        for (int w : workers) {
            f.committedEpoch.labelValues(Integer.toString(w), process).set(e);
        }
        f.commitDuration.labelValues(process).observe(nanos / 1e9);
        health.committed(e);
    }

    @Override
    public void ended(boolean failed) {
        health.ended(failed);
    }

    /** The execution failed and restarts by itself ({@code waxwing_restarts_total}); ready again once restarted. */
    void restarting() {
        f.restarts.labelValues(process).inc();
        health.restarting();
    }

    /** Items read so far by each local worker's inputs. */
    Map<Integer, Long> itemsRead() {
        Map<Integer, Long> out = new java.util.TreeMap<>();
        read.forEach((w, n) -> out.put(w, n.sum()));
        return out;
    }

    /**
     * This JVM's registry and Waxwing's metric families in it, made on first use. None keeps
     * exemplars: Waxwing has no trace context to attach, and an exemplar-sampling metric checks an
     * atomic flag on every update (and schedules a task on the client's own thread every 90 ms),
     * which the engine would pay once per batch.
     */
    private static final class Families {
        static final Families INSTANCE = new Families();

        final PrometheusRegistry registry = new PrometheusRegistry();
        final Counter itemsIn;
        final Counter itemsOut;
        final Gauge epoch;
        final Gauge committedEpoch;
        final Histogram commitDuration;
        final Histogram inputBatch;
        final Histogram sinkBatch;
        final Histogram statefulBatch;
        final Histogram snapshotDuration;
        final Histogram writeDuration;
        final Counter creditWait;
        final Counter bytesSent;
        final Counter framesSent;
        final Counter bytesReceived;
        final Counter framesReceived;
        final Counter restarts;
        /** Guarded by this. */
        private boolean jvmRegistered;

        private Families() {
            itemsIn = Counter.builder().withoutExemplars().name("waxwing_item_inp_count")
                    .help("Items a step took in (sinks, and steps behind an exchange: stateful, redistribute,"
                            + " partitioned sinks)")
                    .labelNames("step_id", "worker_index", "process_id").register(registry);
            itemsOut = Counter.builder().withoutExemplars().name("waxwing_item_out_count")
                    .help("Items a step emitted (inputs: items read)")
                    .labelNames("step_id", "worker_index", "process_id").register(registry);
            epoch = Gauge.builder().withoutExemplars().name("waxwing_epoch")
                    .help("The epoch a worker's inputs currently read into")
                    .labelNames("worker_index", "process_id").register(registry);
            committedEpoch = Gauge.builder().withoutExemplars().name("waxwing_committed_epoch")
                    .help("The last epoch committed (stored by every worker of the execution)")
                    .labelNames("worker_index", "process_id").register(registry);
            commitDuration = Histogram.builder().withoutExemplars().name("waxwing_commit_duration_seconds")
                    .help("Time to record one epoch's commit in this process's recovery store")
                    .classicOnly().labelNames("process_id").register(registry);
            inputBatch = stepHistogram("waxwing_inp_part_next_batch_duration_seconds",
                    "Time a source partition's nextBatch() took");
            sinkBatch = stepHistogram("waxwing_out_part_write_batch_duration_seconds",
                    "Time a dynamic sink partition's writeBatch() took");
            statefulBatch = stepHistogram("waxwing_stateful_batch_duration_seconds",
                    "Time a stateful step took over one batch from an exchange, with the steps fused after it");
            snapshotDuration = Histogram.builder().withoutExemplars().name("waxwing_snapshot_duration_seconds")
                    .help("Time a worker took to take (encode) its snapshots of one epoch")
                    .classicOnly().labelNames("worker_index", "process_id").register(registry);
            writeDuration = Histogram.builder().withoutExemplars().name("waxwing_recovery_write_duration_seconds")
                    .help("Time from writing a worker's snapshots of one epoch to the recovery store until they were"
                            + " durable")
                    .classicOnly().labelNames("worker_index", "process_id").register(registry);
            creditWait = Counter.builder().withoutExemplars().name("waxwing_credit_wait_seconds")
                    .help("Time a worker did not read its inputs because a downstream channel had no credit"
                            + " (back-pressure)")
                    .labelNames("worker_index", "process_id").register(registry);
            bytesSent = perWorkerCounter("waxwing_sent_bytes", "Bytes a worker sent to workers in other processes");
            framesSent = perWorkerCounter("waxwing_sent_frames", "Frames a worker sent to workers in other processes");
            bytesReceived = perWorkerCounter("waxwing_received_bytes",
                    "Bytes a worker received from workers in other processes");
            framesReceived = perWorkerCounter("waxwing_received_frames",
                    "Frames a worker received from workers in other processes");
            restarts = Counter.builder().name("waxwing_restarts_total")
                    .help("Times this process restarted its execution by itself after a failure (--restart-strategy)")
                    .labelNames("process_id").register(registry);
        }

        /**
         * The JVM's metrics (memory, GC, CPU, threads) are read from its management beans when
         * scraped, so registering them on the first scrape gives that scrape the same values:
         * done at the start, it cost every execution ~250 classes and the JMX beans' set-up
         * (0.2–0.4 s of a cold JVM) even with no management port to scrape.
         */
        synchronized void registerJvmMetrics() {
            if (!jvmRegistered) {
                JvmMetrics.builder().register(registry);
                jvmRegistered = true;
            }
        }

        private Histogram stepHistogram(String name, String help) {
            return Histogram.builder().withoutExemplars().name(name).help(help).classicOnly()
                    .labelNames("step_id", "worker_index", "process_id").register(registry);
        }

        private Counter perWorkerCounter(String name, String help) {
            return Counter.builder().withoutExemplars().name(name).help(help).labelNames("worker_index", "process_id")
                    .register(registry);
        }
    }
}
