package io.waxwing.bench;

import io.waxwing.bench.WindowBenchmark.Event;
import io.waxwing.connectors.files.FileSource;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.StateAndOutput;
import io.waxwing.run.Execution;
import io.waxwing.windowing.BoundedOutOfOrdernessClock;
import io.waxwing.windowing.Clock;
import io.waxwing.windowing.EventClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;

/**
 * Where the window job's time goes, part by part, on {@link WindowBenchmark}'s events file: reading
 * and parsing alone (a plain loop against {@link FileSource} and a {@code map}), then keying and a
 * stateful step that emits per event (a running sum per key), without windows; then the window job
 * itself ({@link WindowBenchmark#sumWindows}) with an {@link EventClock} and with a
 * {@link BoundedOutOfOrdernessClock} (whose watermark ignores the system time, so no key is ever
 * woken), ordered off and on. The window job's cost over the running sum is that of the windows,
 * and the two clocks' difference that of the system time and the wakes.
 *
 * <pre>{@code java -jar bench/target/benchmarks.jar WindowPartsBenchmark -f 1 -wi 3 -i 5}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(WindowBenchmark.EVENTS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class WindowPartsBenchmark {
    private Path file;
    private long expected;
    /** The plain loop's checksum of the window job ({@link WindowBenchmark#plainLoopChecksum}). */
    private long windowsChecksum;

    /** Writes the events file (only the one file: no part needs the two) and the plain loops' results. */
    @Setup(Level.Trial)
    public void generate() throws IOException {
        LoggerFactory.getILoggerFactory();
        file = Files.createTempFile("waxwing-bench-events", ".csv");
        WindowBenchmark.write(file, List.of());
        expected = plainParseSum(file);
        windowsChecksum = WindowBenchmark.plainLoopChecksum(file);
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    /** Reads and parses every line with a {@link BufferedReader}, summing the values. */
    @Benchmark
    public long plainParse() {
        CpuTime cpu = CpuTime.start();
        long sum = plainParseSum(file);
        cpu.stop("plainParse", WindowBenchmark.EVENTS);
        return sum;
    }

    private static long plainParseSum(Path file) {
        long sum = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                sum += Event.parse(line).value();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sum;
    }

    /** The same through {@link FileSource}, a {@code map} and an output. */
    @Benchmark
    public long waxwingParse() {
        CpuTime cpu = CpuTime.start();
        SummingSink<Event> sink = new SummingSink<>(Event::value);
        Dataflow flow = new Dataflow("parse");
        flow.input("events", new FileSource(file)).map("parse", Event::parse).output("out", sink);
        Execution.runMain(flow);
        cpu.stop("waxwingParse", WindowBenchmark.EVENTS);
        return check(sink.sum());
    }

    /** Keyed by the key field, then a running sum per key emitted per event. */
    @Benchmark
    public long waxwingKeyedRunningSum() {
        CpuTime cpu = CpuTime.start();
        SummingSink<KV<Long>> sink = new SummingSink<>(kv -> 1);
        Dataflow flow = new Dataflow("parse");
        flow.input("events", new FileSource(file)).map("parse", Event::parse)
                .keyOn("key", Event::key)
                .statefulMap("sum", (Long sum, Event e) -> {
                    long s = (sum == null ? 0 : sum) + e.value();
                    return new StateAndOutput<>(s, s);
                })
                .output("out", sink);
        Execution.runMain(flow);
        cpu.stop("waxwingKeyedRunningSum", WindowBenchmark.EVENTS);
        if (sink.sum() != WindowBenchmark.EVENTS) {
            throw new IllegalStateException("the running sums emitted " + sink.sum() + " items");
        }
        return sink.sum();
    }

    /** The window job with a clock whose watermark moves only with event time: no system time, no wakes. */
    @Benchmark
    public long waxwingWindowsBoundedClock() {
        return windows("waxwingWindowsBoundedClock",
                BoundedOutOfOrdernessClock.ofEpochMillis(Event::timestampMs, WindowBenchmark.WAIT), false);
    }

    /** {@link #waxwingWindowsBoundedClock} with {@code ordered} on. */
    @Benchmark
    public long waxwingWindowsBoundedClockOrdered() {
        return windows("waxwingWindowsBoundedClockOrdered",
                BoundedOutOfOrdernessClock.ofEpochMillis(Event::timestampMs, WindowBenchmark.WAIT), true);
    }

    /** {@link #waxwingWindowsEventClock} with {@code ordered} on. */
    @Benchmark
    public long waxwingWindowsEventClockOrdered() {
        return windows("waxwingWindowsEventClockOrdered",
                EventClock.ofEpochMillis(Event::timestampMs, WindowBenchmark.WAIT), true);
    }

    /** The window job as {@link WindowBenchmark} runs it, for comparison in the same run. */
    @Benchmark
    public long waxwingWindowsEventClock() {
        return windows("waxwingWindowsEventClock",
                EventClock.ofEpochMillis(Event::timestampMs, WindowBenchmark.WAIT), false);
    }

    private long windows(String name, Clock<Event, ?> clock, boolean ordered) {
        CpuTime cpu = CpuTime.start();
        Dataflow flow = new Dataflow("windows");
        long checksum = WindowBenchmark.sumWindows(flow, flow.input("events", new FileSource(file)), clock, ordered,
                () -> Execution.runMain(flow));
        cpu.stop(name, WindowBenchmark.EVENTS);
        if (checksum != windowsChecksum) {
            throw new IllegalStateException("the dataflow's windows have checksum " + checksum
                    + ", the plain loop's " + windowsChecksum);
        }
        return checksum;
    }

    private long check(long sum) {
        if (sum != expected) {
            throw new IllegalStateException("the dataflow summed " + sum + ", the plain loop " + expected);
        }
        return sum;
    }
}
