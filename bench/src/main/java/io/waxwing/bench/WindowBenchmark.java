package io.waxwing.bench;

import io.waxwing.connectors.files.DirSource;
import io.waxwing.connectors.files.FileSource;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.Stream;
import io.waxwing.run.Execution;
import io.waxwing.windowing.Clock;
import io.waxwing.windowing.EventClock;
import io.waxwing.windowing.TumblingWindower;
import io.waxwing.windowing.WindowOut;
import io.waxwing.windowing.Windowed;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;

/**
 * Event-time windows from a file: 10 M lines {@code key,timestamp_ms,value} (10 000 keys drawn
 * uniformly, timestamps in epoch milliseconds 1 ms apart and up to 50 ms out of order, values 0–99),
 * generated with a fixed seed into a temporary file, read with {@link FileSource}, parsed, keyed,
 * and summed per key in tumbling 10 s windows aligned to the epoch ({@link EventClock} with a 50 ms
 * wait), with {@code ordered} on and off, with one and two workers in this process; and a plain
 * single-threaded loop that reads the same file with a {@link BufferedReader} and does the same job
 * with a {@link HashMap} of open windows per key, closing windows as the largest timestamp passes
 * them. One operation is one whole run; the score is nanoseconds per event.
 *
 * <p>The {@code …TwoFiles} variants read the same events from two files in one directory with
 * {@link DirSource} (one partition per file, so two workers read and parse in parallel, as they
 * would from a topic with two partitions): the events of the even-numbered keys in one file, the
 * odd-numbered in the other, each file in the order of the one file (timestamps rising, up to
 * 50 ms out of order), so the keys are split independently of the worker a key routes to and about
 * half of each worker's events cross to the other.
 *
 * <p>Every run is checked against the plain loop: the sum over all windows of
 * {@code mix(key, window) * sum} must be equal, where the dataflow's late events are added to the
 * windows they would have belonged to (an {@code EventClock}'s watermark also moves with system
 * time, so a long pause can make an event late; it is then counted on the late stream, never lost).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(WindowBenchmark.EVENTS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class WindowBenchmark {
    static final int EVENTS = 10_000_000;
    static final int KEYS = 10_000;
    static final int DISORDER_MS = 50;
    static final long SEED = 20_241_115L;
    /** The first event's time: 2024-01-01T00:00:00Z. */
    static final long START_MS = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    static final long WINDOW_MS = 10_000;
    static final Duration WINDOW = Duration.ofMillis(WINDOW_MS);
    static final Duration WAIT = Duration.ofMillis(DISORDER_MS);

    /** Whether the window operator folds each window's values in timestamp order. */
    @Param({"false", "true"})
    public boolean ordered;

    /** One parsed event. */
    record Event(String key, long timestampMs, long value) {
        static Event parse(String line) {
            int a = line.indexOf(',');
            int b = line.indexOf(',', a + 1);
            return new Event(line.substring(0, a), Long.parseLong(line, a + 1, b, 10),
                    Long.parseLong(line, b + 1, line.length(), 10));
        }
    }

    private Path file;
    /** The same events split by key into two files, for {@link DirSource}. */
    private Path dir;
    private List<Path> parts;
    private long expected;
    /** How many paired operations ran: they take turns at which goes first. */
    private int pairs;

    @Setup(Level.Trial)
    public void generate() throws IOException {
        // Start logging now, not when the first actor system logs from several threads at once.
        LoggerFactory.getILoggerFactory();
        file = Files.createTempFile("waxwing-bench-events", ".csv");
        dir = Files.createTempDirectory("waxwing-bench-events");
        parts = List.of(dir.resolve("part-0.csv"), dir.resolve("part-1.csv"));
        write(file, parts);
        expected = plainLoopChecksum(file);
        long split = plainLoopChecksum(parts.get(0)) + plainLoopChecksum(parts.get(1));
        if (split != expected) {
            throw new IllegalStateException("the two files have checksum " + split + ", the one file " + expected);
        }
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(file);
        for (Path part : parts) {
            Files.deleteIfExists(part);
        }
        Files.deleteIfExists(dir);
    }

    /**
     * Writes the events into {@code file}, and the same lines into {@code parts} (if any) by key
     * (key {@code kN} into part {@code N % parts}): the same bytes on every run.
     */
    static void write(Path file, List<Path> parts) throws IOException {
        SplittableRandom random = new SplittableRandom(SEED);
        BufferedWriter[] split = new BufferedWriter[parts.size()];
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int p = 0; p < split.length; p++) {
                split[p] = Files.newBufferedWriter(parts.get(p), StandardCharsets.UTF_8);
            }
            StringBuilder line = new StringBuilder(32);
            for (int i = 0; i < EVENTS; i++) {
                long ts = START_MS + Math.max(0, i - random.nextInt(DISORDER_MS + 1));
                int key = random.nextInt(KEYS);
                line.setLength(0);
                line.append('k').append(key).append(',').append(ts).append(',')
                        .append(random.nextInt(100)).append('\n');
                out.append(line);
                if (split.length > 0) {
                    split[key % split.length].append(line);
                }
            }
        } finally {
            for (BufferedWriter w : split) {
                if (w != null) {
                    w.close();
                }
            }
        }
    }

    /** What one (key, window, sum) adds to the checksum: linear in the sum, so late values add in. */
    static long mix(String key, long windowId, long sum) {
        long h = key.hashCode() * 0x9E3779B97F4A7C15L + windowId;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return h * sum;
    }

    /**
     * The loop a Java programmer would write: per key a map of its open windows by window id; the
     * watermark is the largest timestamp seen minus the wait, and each window whose end it passes is
     * emitted (here: added to the checksum). Windows are found to close through a queue of window
     * ends, so closing costs nothing per event.
     */
    @Benchmark
    public long plainLoop() {
        CpuTime cpu = CpuTime.start();
        long checksum = plainLoopChecksum(file);
        cpu.stop("plainLoop", EVENTS);
        return checksum;
    }

    /**
     * The plain loop over the two files, one after the other, each with its own windows and
     * watermark (a key's events are all in one file): the same windows, so the same checksum.
     */
    @Benchmark
    public long plainLoopTwoFiles() {
        CpuTime cpu = CpuTime.start();
        long checksum = plainLoopChecksum(parts.get(0)) + plainLoopChecksum(parts.get(1));
        cpu.stop("plainLoopTwoFiles", EVENTS);
        return checksum;
    }

    static long plainLoopChecksum(Path file) {
        Map<String, Map<Long, long[]>> open = new HashMap<>();
        // Window id → keys with that window open: what the watermark closes when it passes the end.
        Map<Long, List<String>> byWindow = new HashMap<>();
        long maxTs = Long.MIN_VALUE;
        long nextToClose = Long.MAX_VALUE;
        long checksum = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                Event e = Event.parse(line);
                long windowId = Math.floorDiv(e.timestampMs(), WINDOW_MS);
                if (e.timestampMs() > maxTs) {
                    maxTs = e.timestampMs();
                }
                long watermark = maxTs - DISORDER_MS;
                if (e.timestampMs() < watermark) {
                    throw new IllegalStateException("late event in generated data: " + line);
                }
                Map<Long, long[]> windows = open.computeIfAbsent(e.key(), k -> new HashMap<>(4));
                long[] sum = windows.get(windowId);
                if (sum == null) {
                    sum = new long[1];
                    windows.put(windowId, sum);
                    byWindow.computeIfAbsent(windowId, w -> new java.util.ArrayList<>()).add(e.key());
                    nextToClose = Math.min(nextToClose, windowId);
                }
                sum[0] += e.value();
                while (nextToClose != Long.MAX_VALUE && (nextToClose + 1) * WINDOW_MS <= watermark) {
                    checksum += close(open, byWindow, nextToClose);
                    nextToClose = byWindow.isEmpty() ? Long.MAX_VALUE : nextToClose + 1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // End of input: every window closes.
        while (!byWindow.isEmpty()) {
            checksum += close(open, byWindow, nextToClose++);
        }
        return checksum;
    }

    private static long close(Map<String, Map<Long, long[]>> open, Map<Long, List<String>> byWindow, long windowId) {
        List<String> keys = byWindow.remove(windowId);
        if (keys == null) {
            return 0;
        }
        long checksum = 0;
        for (String key : keys) {
            Map<Long, long[]> windows = open.get(key);
            checksum += mix(key, windowId, windows.remove(windowId)[0]);
            if (windows.isEmpty()) {
                open.remove(key);
            }
        }
        return checksum;
    }

    @Benchmark
    public long waxwingRunMain() {
        CpuTime cpu = CpuTime.start();
        long checksum = check(run(1, true));
        cpu.stop("waxwingRunMain", EVENTS);
        return checksum;
    }

    /**
     * The plain loop and {@code runMain} in one operation, in turns first, each timed by the
     * benchmark thread's CPU time: the ratio of two runs a few seconds apart, which a shared
     * machine whose speed drifts between iterations moves less than it moves either number.
     */
    @Benchmark
    @OperationsPerInvocation(2 * EVENTS)
    public long pairedPlainLoopAndRunMain() {
        return paired(false, "plain loop", () -> plainLoopChecksum(file), "runMain", () -> check(run(1, true)));
    }

    /**
     * One worker and two on the two files in one operation, in turns first, each timed by the wall
     * clock: the speed-up of two runs a few seconds apart in one JVM, which the machine's drift and
     * a fork's own speed (forks of the same build differ by up to 2× here) move less than they move
     * runs in separate forks.
     */
    @Benchmark
    @OperationsPerInvocation(2 * EVENTS)
    public long pairedOneAndTwoWorkers() {
        return paired(true, "1 worker", () -> check(run(1, false, true)), "2 workers",
                () -> check(run(2, false, true)));
    }

    /**
     * Runs {@code a} and {@code b}, the one first that did not go first last time, timing each by
     * the wall clock ({@code wall}) or by this thread's CPU time; prints both per event and their
     * ratio, a over b, and returns the sum of their checksums.
     */
    private long paired(boolean wall, String nameA, LongSupplier a, String nameB, LongSupplier b) {
        boolean aFirst = pairs++ % 2 == 0;
        double[] ns = new double[2];
        long checksum = 0;
        for (int i = 0; i < 2; i++) {
            int which = (i == 0) == aFirst ? 0 : 1;
            long start = System.nanoTime();
            CpuTime cpu = CpuTime.start();
            checksum += which == 0 ? a.getAsLong() : b.getAsLong();
            ns[which] = wall ? (double) (System.nanoTime() - start) / EVENTS : cpu.threadNanosPer(EVENTS);
        }
        System.out.printf("%n  paired %s (%s first): %s %.1f ns/event, %s %.1f ns/event, ratio %.2f%n",
                wall ? "wall" : "thread cpu", aFirst ? nameA : nameB, nameA, ns[0], nameB, ns[1], ns[0] / ns[1]);
        return checksum;
    }

    @Benchmark
    public long waxwingCluster1Worker() {
        return cluster("waxwingCluster1Worker", 1, false);
    }

    @Benchmark
    public long waxwingCluster2Workers() {
        return cluster("waxwingCluster2Workers", 2, false);
    }

    @Benchmark
    public long waxwingCluster1WorkerTwoFiles() {
        return cluster("waxwingCluster1WorkerTwoFiles", 1, true);
    }

    @Benchmark
    public long waxwingCluster2WorkersTwoFiles() {
        return cluster("waxwingCluster2WorkersTwoFiles", 2, true);
    }

    /** One cluster run, checked, with the process's and the worker threads' CPU time printed. */
    private long cluster(String name, int workers, boolean twoFiles) {
        CpuTime cpu = CpuTime.start();
        WorkerThreadsCpu threads = WorkerThreadsCpu.start();
        long checksum = check(run(workers, false, twoFiles));
        threads.stop(name, EVENTS);
        cpu.stop(name, EVENTS);
        return checksum;
    }

    /** The checksum of the windows plus that of the late events, which go to their windows. */
    private long run(int workers, boolean runMain) {
        return run(workers, runMain, false);
    }

    /** {@code twoFiles}: read the two files with a {@link DirSource} instead of the one file. */
    private long run(int workers, boolean runMain, boolean twoFiles) {
        Dataflow flow = new Dataflow("windows");
        Stream<String> lines = twoFiles ? flow.input("events", new DirSource(dir, "part-*.csv"))
                : flow.input("events", new FileSource(file));
        return sumWindows(flow, lines, EventClock.ofEpochMillis(Event::timestampMs, WAIT), ordered, () -> {
            if (runMain) {
                Execution.runMain(flow);
            } else {
                Execution.clusterMain(flow, List.of(), 0, null, null, workers);
            }
        });
    }

    /**
     * The job on {@code lines} of {@code flow}: parse, key, sum per key in tumbling 10 s windows with
     * {@code clock}; then {@code execute} runs the flow. Returns the checksum of the windows plus
     * that of the late events, which go to their windows.
     */
    static long sumWindows(Dataflow flow, Stream<String> lines, Clock<Event, ?> clock, boolean ordered,
            Runnable execute) {
        SummingSink<KV<Windowed<Long>>> sink = new SummingSink<>(
                kv -> mix(kv.key(), kv.value().windowId(), kv.value().value()));
        SummingSink<KV<Windowed<Event>>> late = new SummingSink<>(
                kv -> mix(kv.key(), kv.value().windowId(), kv.value().value().value()));
        WindowOut<Event, Long> out = lines.map("parse", Event::parse)
                .keyOn("key", Event::key)
                .foldWindow("sum", clock, new TumblingWindower(WINDOW, Instant.EPOCH), () -> 0L,
                        (acc, e) -> acc + e.value(), Long::sum, ordered);
        out.down().output("out", sink);
        out.late().output("late", late);
        execute.run();
        return sink.sum() + late.sum();
    }

    private long check(long checksum) {
        if (checksum != expected) {
            throw new IllegalStateException("the dataflow's windows have checksum " + checksum
                    + ", the plain loop's " + expected);
        }
        return checksum;
    }
}
