package io.waxwing.bench;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.run.Execution;
import io.waxwing.windowing.EventClock;
import io.waxwing.windowing.TumblingWindower;
import io.waxwing.windowing.Windowed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Event-time windows: 10 M events {@code key,timestamp_ms,value} as text (10 000 keys, timestamps
 * 1 ms apart with up to 50 ms out of order), parsed, keyed, and summed per key in tumbling 10 s
 * event-time windows; with one and with two workers in this process. One operation is one whole
 * run; the score is nanoseconds per event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(WindowBenchmark.EVENTS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch"})
public class WindowBenchmark {
    static final int EVENTS = 10_000_000;
    static final int KEYS = 10_000;
    static final int DISORDER_MS = 50;
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    /** One parsed event. */
    record Event(String key, long timestampMs, long value) {
    }

    private List<String> lines;
    private long expectedSum;

    @Setup(Level.Trial)
    public void generate() {
        SplittableRandom random = new SplittableRandom(7);
        lines = new ArrayList<>(EVENTS);
        long sum = 0;
        for (int i = 0; i < EVENTS; i++) {
            long ts = Math.max(0, i - random.nextInt(DISORDER_MS + 1));
            long value = random.nextInt(100);
            sum += value;
            lines.add("k" + random.nextInt(KEYS) + "," + ts + "," + value);
        }
        expectedSum = sum;
    }

    @Benchmark
    public long oneWorker() {
        return run(1);
    }

    @Benchmark
    public long twoWorkers() {
        return run(2);
    }

    private long run(int workers) {
        SummingSink<io.waxwing.dataflow.KV<Windowed<Long>>> sink = new SummingSink<>(kv -> kv.value().value());
        SummingSink<io.waxwing.dataflow.KV<Windowed<Event>>> late =
                new SummingSink<>(kv -> kv.value().value().value());
        Dataflow flow = new Dataflow("windows");
        EventClock<Event> clock = new EventClock<>(e -> START.plusMillis(e.timestampMs()),
                Duration.ofMillis(DISORDER_MS));
        io.waxwing.windowing.WindowOut<Event, Long> out = flow.input("events", new SlicedListSource<>(lines, 16, 1024))
                .map("parse", (String line) -> {
                    int a = line.indexOf(',');
                    int b = line.indexOf(',', a + 1);
                    return new Event(line.substring(0, a), Long.parseLong(line, a + 1, b, 10),
                            Long.parseLong(line, b + 1, line.length(), 10));
                })
                .keyOn("key", Event::key)
                .foldWindow("sum", clock, new TumblingWindower(Duration.ofSeconds(10), START), () -> 0L,
                        (acc, e) -> acc + e.value(), Long::sum, false);
        out.down().output("out", sink);
        out.late().output("late", late);
        Execution.clusterMain(flow, List.of(), 0, null, null, workers);
        // A key's watermark also moves with system time, so a long pause can make a few events late:
        // every event must be in a window or on the late stream, never lost.
        if (sink.sum() + late.sum() != expectedSum) {
            throw new IllegalStateException("windows summed to " + sink.sum() + " and late events to " + late.sum()
                    + ", expected " + expectedSum + " in all");
        }
        return sink.sum();
    }
}
