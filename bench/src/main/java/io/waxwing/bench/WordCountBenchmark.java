package io.waxwing.bench;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.recovery.Recovery;
import io.waxwing.recovery.RecoveryConfig;
import io.waxwing.run.Execution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Word count ({@code flatMap} split → {@code keyOn} → {@code countFinal}) over 2 M lines of 10
 * words drawn from a 50 000-word Zipf vocabulary: a plain loop into a {@code HashMap}, Waxwing under
 * {@code runMain}, and Waxwing under {@code clusterMain} with one and with two workers in this
 * process. The input has 16 partitions, so two workers read half each. One operation is one whole
 * run; the score is nanoseconds per word.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(WordCountBenchmark.WORDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
// A heap touched up front: otherwise the first runs also pay for faulting in fresh eden pages,
// which made them up to three times slower on a virtual machine.
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class WordCountBenchmark {
    static final int LINES = 2_000_000;
    static final int WORDS_PER_LINE = 10;
    static final int WORDS = LINES * WORDS_PER_LINE;
    static final int VOCABULARY = 50_000;
    static final double ZIPF_S = 1.0;
    static final long SEED = 20_240_601L;
    /** Input partitions: enough to spread evenly over one, two or four workers. */
    static final int SLICES = 16;
    /** Lines per source batch. */
    static final int BATCH = 1024;
    /** {@code null}: the default 10-second epochs, as for a throughput job. */
    static final Duration EPOCH_INTERVAL = null;

    private List<String> lines;

    @Setup(Level.Trial)
    public void generate() {
        // Start logging now, not when the first actor system logs from several threads at once.
        LoggerFactory.getILoggerFactory();
        lines = ZipfText.lines(LINES, WORDS_PER_LINE, VOCABULARY, ZIPF_S, SEED);
        check(plainLoop());
    }

    /** The same split, and a mutable counter per word: the loop a Java programmer would write. */
    @Benchmark
    public long plainLoop() {
        Map<String, long[]> counts = new HashMap<>();
        for (String line : lines) {
            for (String word : line.split(" ")) {
                counts.computeIfAbsent(word, w -> new long[1])[0]++;
            }
        }
        long total = 0;
        for (long[] count : counts.values()) {
            total += count[0];
        }
        return total;
    }

    @Benchmark
    public long waxwingRunMain() {
        SummingSink<KV<Long>> sink = new SummingSink<>(KV::value);
        Execution.runMain(flow(sink), EPOCH_INTERVAL, null);
        return check(sink.sum());
    }

    @Benchmark
    public long waxwingCluster1Worker() {
        SummingSink<KV<Long>> sink = new SummingSink<>(KV::value);
        Execution.clusterMain(flow(sink), List.of(), 0, EPOCH_INTERVAL, null, 1);
        return check(sink.sum());
    }

    @Benchmark
    public long waxwingCluster2Workers() {
        SummingSink<KV<Long>> sink = new SummingSink<>(KV::value);
        Execution.clusterMain(flow(sink), List.of(), 0, EPOCH_INTERVAL, null, 2);
        return check(sink.sum());
    }

    /** {@code runMain} with 1-second epochs and no recovery: the baseline of {@link #waxwingRunMainRecovery1s}. */
    @Benchmark
    public long waxwingRunMain1s() {
        SummingSink<KV<Long>> sink = new SummingSink<>(KV::value);
        Execution.runMain(flow(sink), Duration.ofSeconds(1), null);
        return check(sink.sum());
    }

    /**
     * A fresh recovery directory of 4 partitions per run, created before the run is timed: like
     * {@code recovery init}, it is done once per store, not per execution.
     */
    @State(Scope.Thread)
    public static class RecoveryDir {
        Path dir;

        @Setup(Level.Invocation)
        public void create() throws IOException {
            dir = Files.createTempDirectory("waxwing-bench-recovery");
            Recovery.initDbDir(dir, 4);
        }

        @TearDown(Level.Invocation)
        public void delete() throws IOException {
            deleteTree(dir);
        }
    }

    /**
     * {@code runMain} with recovery on and 1-second epochs: every second each changed word's count
     * is snapshotted into the embedded H2 store. Opening and closing the store are timed. Compared
     * with {@link #waxwingRunMain1s}, it gives the throughput cost of snapshots.
     */
    @Benchmark
    public long waxwingRunMainRecovery1s(RecoveryDir store) {
        SummingSink<KV<Long>> sink = new SummingSink<>(KV::value);
        Execution.runMain(flow(sink), Duration.ofSeconds(1), new RecoveryConfig(store.dir));
        return check(sink.sum());
    }

    static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private Dataflow flow(SummingSink<KV<Long>> sink) {
        Dataflow flow = new Dataflow("word_count");
        flow.input("lines", new SlicedListSource<>(lines, SLICES, BATCH))
                .flatMap("split", line -> Arrays.asList(line.split(" ")))
                .keyOn("key", word -> word)
                .countFinal("count")
                .output("counts", sink);
        return flow;
    }

    private static long check(long total) {
        if (total != WORDS) {
            throw new IllegalStateException("counted " + total + " words, expected " + WORDS);
        }
        return total;
    }
}
