package io.waxwing.bench;

import io.waxwing.connectors.files.FileSource;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.run.Execution;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * Word count from a file: the text of {@link WordCountBenchmark} (2 M lines of 10 Zipf words),
 * written once into a temporary file, then read with {@link FileSource} as users do, split, keyed and
 * counted ({@code countFinal}) under {@code runMain}; against a plain loop that reads the same file
 * with a {@link BufferedReader}, splits each line the same way and counts into a {@link HashMap}.
 * The dataflow splits with {@code mapMulti} (the words pushed to an emitter, the same code as the
 * plain loop's) and, for comparison, with {@code flatMap} over {@code line.split(" ")}. One
 * operation is one whole run, file reading included; the score is nanoseconds per word.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(WordCountBenchmark.WORDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class WordCountFileBenchmark {
    private Path file;

    @Setup(Level.Trial)
    public void generate() throws IOException {
        LoggerFactory.getILoggerFactory();
        file = Files.createTempFile("waxwing-bench-words", ".txt");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String line : ZipfText.lines(WordCountBenchmark.LINES, WordCountBenchmark.WORDS_PER_LINE,
                    WordCountBenchmark.VOCABULARY, WordCountBenchmark.ZIPF_S, WordCountBenchmark.SEED)) {
                out.write(line);
                out.write('\n');
            }
        }
        check(plainLoopTotal());
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    /** Pushes the space-separated words of {@code line}: what both the plain loop and the dataflow run. */
    static void words(String line, Consumer<String> out) {
        int start = 0;
        for (int sp; (sp = line.indexOf(' ', start)) >= 0; start = sp + 1) {
            out.accept(line.substring(start, sp));
        }
        out.accept(line.substring(start));
    }

    @Benchmark
    public long plainLoop() {
        CpuTime cpu = CpuTime.start();
        long total = plainLoopTotal();
        cpu.stop("plainLoop", WordCountBenchmark.WORDS);
        return total;
    }

    private long plainLoopTotal() {
        Map<String, long[]> counts = new HashMap<>();
        Consumer<String> count = word -> counts.computeIfAbsent(word, w -> new long[1])[0]++;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                words(line, count);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long total = 0;
        for (long[] c : counts.values()) {
            total += c[0];
        }
        return total;
    }

    @Benchmark
    public long waxwingRunMainMapMulti() {
        CpuTime cpu = CpuTime.start();
        long total = runMainMapMulti();
        cpu.stop("waxwingRunMainMapMulti", WordCountBenchmark.WORDS);
        return total;
    }

    private long runMainMapMulti() {
        SummingSink<KV<Long>> sink = new SummingSink<>(KV::value);
        Dataflow flow = new Dataflow("word_count");
        flow.input("lines", new FileSource(file))
                .mapMulti("split", WordCountFileBenchmark::words)
                .keyOn("key", word -> word)
                .countFinal("count")
                .output("counts", sink);
        Execution.runMain(flow);
        return check(sink.sum());
    }

    /**
     * The plain loop and then the {@code mapMulti} dataflow, back to back in one operation, printing
     * the ratio of their thread CPU times: on a machine shared with other busy processes both halves
     * see about the same competition, so this ratio moves less than one between separate runs. The
     * score is the time of the pair per word.
     */
    @Benchmark
    public long pairedPlainLoopThenMapMulti() {
        CpuTime plain = CpuTime.start();
        long total = plainLoopTotal();
        double plainNs = plain.threadNanosPer(WordCountBenchmark.WORDS);
        CpuTime flow = CpuTime.start();
        total += runMainMapMulti();
        double flowNs = flow.threadNanosPer(WordCountBenchmark.WORDS);
        System.out.printf("%n  paired thread cpu: plain loop %.1f ns/word, runMain mapMulti %.1f ns/word,"
                + " ratio %.2f%n", plainNs, flowNs, plainNs / flowNs);
        return total;
    }

    @Benchmark
    public long waxwingRunMainFlatMap() {
        CpuTime cpu = CpuTime.start();
        SummingSink<KV<Long>> sink = new SummingSink<>(KV::value);
        Dataflow flow = new Dataflow("word_count");
        flow.input("lines", new FileSource(file))
                .flatMap("split", line -> Arrays.asList(line.split(" ")))
                .keyOn("key", word -> word)
                .countFinal("count")
                .output("counts", sink);
        Execution.runMain(flow);
        cpu.stop("waxwingRunMainFlatMap", WordCountBenchmark.WORDS);
        return check(sink.sum());
    }

    private static long check(long total) {
        if (total != WordCountBenchmark.WORDS) {
            throw new IllegalStateException("counted " + total + " words, expected " + WordCountBenchmark.WORDS);
        }
        return total;
    }
}
