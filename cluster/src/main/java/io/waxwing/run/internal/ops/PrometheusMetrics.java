package io.waxwing.run.internal.ops;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
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
 * The engine's metrics in a Prometheus registry of this process, with Bytewax's names prefixed
 * {@code waxwing_} and the labels {@code step_id}, {@code worker_index}, {@code process_id}; plus
 * the JVM's (memory, GC, CPU, threads). Counters are looked up once per step and worker when the
 * plan is compiled; the engine adds to them once per batch.
 */
public final class PrometheusMetrics implements EngineMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final String process;
    private final ProcessHealth health;
    private final Counter itemsIn;
    private final Counter itemsOut;
    private final Gauge epoch;
    private final Gauge committedEpoch;
    private final Histogram commitDuration;
    private final Set<Integer> workers = ConcurrentHashMap.newKeySet();
    /** Items read by each local worker's inputs, for the resource report. */
    private final Map<Integer, LongAdder> read = new ConcurrentHashMap<>();

    PrometheusMetrics(int processId, ProcessHealth health) {
        this.process = Integer.toString(processId);
        this.health = health;
        itemsIn = Counter.builder().name("waxwing_item_inp_count")
                .help("Items a step took in (sinks, and steps behind an exchange: stateful, redistribute,"
                        + " partitioned sinks)")
                .labelNames("step_id", "worker_index", "process_id").register(registry);
        itemsOut = Counter.builder().name("waxwing_item_out_count")
                .help("Items a step emitted (inputs: items read)")
                .labelNames("step_id", "worker_index", "process_id").register(registry);
        epoch = Gauge.builder().name("waxwing_epoch")
                .help("The epoch a worker's inputs currently read into")
                .labelNames("worker_index", "process_id").register(registry);
        committedEpoch = Gauge.builder().name("waxwing_committed_epoch")
                .help("The last epoch committed (stored by every worker of the execution)")
                .labelNames("worker_index", "process_id").register(registry);
        commitDuration = Histogram.builder().name("waxwing_commit_duration_seconds")
                .help("Time to record one epoch's commit in this process's recovery store")
                .classicOnly().labelNames("process_id").register(registry);
        JvmMetrics.builder().register(registry);
    }

    PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public BatchCounter itemsIn(String stepId, int worker) {
        CounterDataPoint point = itemsIn.labelValues(stepId, Integer.toString(worker), process);
        return point::inc;
    }

    @Override
    public BatchCounter itemsOut(String stepId, int worker) {
        CounterDataPoint point = itemsOut.labelValues(stepId, Integer.toString(worker), process);
        LongAdder total = read.computeIfAbsent(worker, w -> new LongAdder());
        return n -> {
            point.inc(n);
            total.add(n);
        };
    }

    @Override
    public void workerStarted(int worker, long startEpoch) {
        workers.add(worker);
        epoch.labelValues(Integer.toString(worker), process).set(startEpoch);
        committedEpoch.labelValues(Integer.toString(worker), process).set(startEpoch - 1);
        health.workerStarted();
    }

    @Override
    public void epochOpened(int worker, long e) {
        epoch.labelValues(Integer.toString(worker), process).set(e);
    }

    @Override
    public void committed(long e, long nanos) {
        for (int w : workers) {
            committedEpoch.labelValues(Integer.toString(w), process).set(e);
        }
        commitDuration.labelValues(process).observe(nanos / 1e9);
        health.committed(e);
    }

    @Override
    public void ended(boolean failed) {
        health.ended(failed);
    }

    /** Items read so far by each local worker's inputs. */
    Map<Integer, Long> itemsRead() {
        Map<Integer, Long> out = new java.util.TreeMap<>();
        read.forEach((w, n) -> out.put(w, n.sum()));
        return out;
    }
}
