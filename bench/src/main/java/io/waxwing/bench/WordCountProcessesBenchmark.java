package io.waxwing.bench;

import io.waxwing.run.Execution;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.slf4j.LoggerFactory;

/**
 * The word count of {@link WordCountBenchmark} on two workers, placed two ways: both in this
 * process ({@code clusterMain} without addresses), and one in this process plus one in a second JVM
 * ({@code clusterMain} with two addresses on 127.0.0.1, a Pekko Cluster over Artery TCP), so that
 * half the words cross between processes as bytes. One operation is one whole run — including, for
 * two processes, forming the cluster and waiting for the second process to end — and the score is
 * nanoseconds per word.
 *
 * <p>The second process is a {@link WordCountPeer} started once per fork, with this fork's heap and
 * {@code -XX} flags, which generates the same text and takes part in every run of the fork,
 * warm-up included, so that its JIT is as warm as the fork's; every run gets fresh ports. Each run
 * checks that the counts of both processes add up to every word and every distinct word exactly
 * once, and fails otherwise.
 *
 * <p>After each iteration the fork prints, for the run, its wall time and the part of it spent
 * before the first line was read (actor system start, cluster formation, registration), reading
 * to the last count written, and after (shutdown), so that the throughput without formation can be
 * read beside JMH's score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(WordCountProcessesBenchmark.WORDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class WordCountProcessesBenchmark {
    /**
     * Four times {@link WordCountBenchmark}'s text (80 M words), so that starting and stopping the
     * cluster (about 2 s and 1–2 s) is a small part of a run.
     */
    static final int LINES = 8_000_000;
    static final int WORDS = LINES * WordCountBenchmark.WORDS_PER_LINE;
    /** How long a run may take before it is a failure. */
    static final long RUN_TIMEOUT_SECONDS = 300;

    private List<String> lines;
    /** Distinct words in the text: the counts a run must write. */
    private long distinctWords;
    private final List<Run> runs = new ArrayList<>();

    /**
     * One run's times, in nanoseconds, and the CPU time other programs used meanwhile (-1 when
     * {@code /proc} cannot tell).
     */
    record Run(long wall, long beforeFirstRead, long processing, long afterLastWrite, long othersCpu) {
    }

    @Setup(Level.Trial)
    public void generate() {
        LoggerFactory.getILoggerFactory();
        lines = ZipfText.lines(LINES, WordCountBenchmark.WORDS_PER_LINE, WordCountBenchmark.VOCABULARY,
                WordCountBenchmark.ZIPF_S, WordCountBenchmark.SEED);
        Map<String, Boolean> seen = new HashMap<>();
        for (String line : lines) {
            for (String word : line.split(" ")) {
                seen.put(word, Boolean.TRUE);
            }
        }
        distinctWords = seen.size();
    }

    /** Both workers in this process; the words cross between them by reference. */
    @Benchmark
    public long oneProcessTwoWorkers() {
        TimedWordCount run = new TimedWordCount(lines, WordCountBenchmark.SLICES, WordCountBenchmark.BATCH);
        long others = CpuAccount.othersTicks(-1);
        long call = System.nanoTime();
        Execution.clusterMain(run.flow(), List.of(), 0, WordCountBenchmark.EPOCH_INTERVAL, null, 2);
        long returned = System.nanoTime();
        others = CpuAccount.since(others, -1);
        check(run.items(), run.sum());
        record(call, returned, run.firstReadNanos(), run.lastWriteNanos(), others);
        return run.sum();
    }

    /**
     * Worker 0 in this process, worker 1 in the peer; the 16 input slices alternate between them,
     * so each process reads half the text, and half the words each reads are counted by the other.
     */
    @Benchmark
    public long twoProcessesOneWorker(Peer peer) throws IOException, InterruptedException {
        List<String> addresses = peer.addresses;
        TimedWordCount run = new TimedWordCount(lines, WordCountBenchmark.SLICES, WordCountBenchmark.BATCH);
        long others = CpuAccount.othersTicks(peer.process.pid());
        long call = System.nanoTime();
        peer.send("RUN 1 1 " + String.join(" ", addresses));
        Execution.clusterMain(run.flow(), addresses, 0, WordCountBenchmark.EPOCH_INTERVAL, null, 1);
        long[] remote = peer.awaitDone(RUN_TIMEOUT_SECONDS);
        long returned = Math.max(System.nanoTime(), remote[5]);
        others = CpuAccount.since(others, peer.process.pid());
        check(run.items() + remote[0], run.sum() + remote[1]);
        record(call, returned, Math.min(run.firstReadNanos(), remote[3]), Math.max(run.lastWriteNanos(), remote[4]),
                others);
        return run.sum() + remote[1];
    }

    private void check(long items, long sum) {
        if (sum != WORDS || items != distinctWords) {
            throw new IllegalStateException("the run wrote " + items + " counts adding up to " + sum
                    + " words; expected " + distinctWords + " counts adding up to " + WORDS);
        }
    }

    private void record(long call, long returned, long firstRead, long lastWrite, long othersTicks) {
        runs.add(new Run(returned - call, firstRead - call, lastWrite - firstRead, returned - lastWrite,
                othersTicks < 0 ? -1 : othersTicks * (1_000_000_000L / CpuAccount.TICKS_PER_SECOND)));
    }

    /** Prints the iteration's run (one per iteration in single-shot mode), split into its phases. */
    @TearDown(Level.Iteration)
    public void report(IterationParams params) {
        String kind = params.getType() == IterationType.WARMUP ? "warm-up" : "measured";
        for (Run r : runs) {
            System.out.printf(Locale.ROOT, "%n  [%s run] wall %.3f s = start %.3f s + reading to last count %.3f s"
                    + " + end %.3f s; without start and end: %.1f ns/word (%.2f M words/s); other programs used"
                    + " %s of a core%n", kind, r.wall() / 1e9, r.beforeFirstRead() / 1e9, r.processing() / 1e9,
                    r.afterLastWrite() / 1e9, (double) r.processing() / WORDS, WORDS * 1e3 / r.processing(),
                    r.othersCpu() < 0 ? "(unknown)"
                            : String.format(Locale.ROOT, "%.0f %%", 100.0 * r.othersCpu() / r.wall()));
        }
        runs.clear();
    }

    /**
     * The CPU time used by programs other than this JVM and the peer, from Linux's {@code /proc}:
     * all busy time minus ours, in clock ticks. On a shared machine it tells a clean run from one
     * that competed for the cores.
     */
    static final class CpuAccount {
        /** {@code USER_HZ}, 100 on every Linux architecture Java runs on. */
        static final long TICKS_PER_SECOND = 100;

        private CpuAccount() {
        }

        /** Busy ticks of the machine minus those of this JVM and {@code peerPid} (if not -1); -1 if unknown. */
        static long othersTicks(long peerPid) {
            try {
                String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                // user nice system (idle iowait) irq softirq steal
                long busy = 0;
                for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                    busy += Long.parseLong(cpu[i]);
                }
                long ours = processTicks("self") + (peerPid < 0 ? 0 : processTicks(Long.toString(peerPid)));
                return busy - ours;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        static long since(long before, long peerPid) {
            long now = othersTicks(peerPid);
            return before < 0 || now < 0 ? -1 : Math.max(0, now - before);
        }

        private static long processTicks(String pid) throws IOException {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
    }

    /** The second process: one JVM per fork, told to take part in each run. */
    @State(Scope.Benchmark)
    public static class Peer {
        private Process process;
        private Writer commands;
        private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        private Thread shutdownHook;
        /** This run's addresses: process 0 (here) and process 1 (the peer). */
        List<String> addresses;

        @Setup(Level.Trial)
        public void start() throws IOException, InterruptedException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(sameFlags());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), WordCountPeer.class.getName(),
                    Integer.toString(LINES)));
            System.out.println("\n  peer: " + String.join(" ", command));
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            shutdownHook = new Thread(process::destroyForcibly, "wcpeer-kill");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(this::readReplies, "wcpeer-replies");
            reader.setDaemon(true);
            reader.start();
            String ready = replies.poll(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!"READY".equals(ready)) {
                throw new IllegalStateException("the peer JVM did not get ready: " + ready);
            }
        }

        /**
         * The fork's heap, GC and other {@code -X}/{@code -XX} flags (not JMH's compile-command
         * file), and its {@code waxwing}/{@code pekko}/{@code config} properties.
         */
        private static List<String> sameFlags() {
            List<String> flags = new ArrayList<>();
            for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if ((arg.startsWith("-X") && !arg.startsWith("-XX:CompileCommandFile"))
                        || arg.startsWith("-Dwaxwing.") || arg.startsWith("-Dpekko.") || arg.startsWith("-Dconfig.")) {
                    flags.add(arg);
                }
            }
            return flags;
        }

        private void readReplies() {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith(WordCountPeer.PREFIX)) {
                        replies.add(line.substring(WordCountPeer.PREFIX.length()));
                    } else {
                        System.err.println("[peer] " + line);
                    }
                }
            } catch (IOException e) {
                // The peer is gone; awaitDone reports it.
            }
            replies.add("EXITED");
        }

        /** Fresh ports for every run, so that no run meets the previous run's sockets or members. */
        @Setup(Level.Invocation)
        public void choosePorts() throws IOException {
            List<ServerSocket> sockets = new ArrayList<>();
            List<String> addrs = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
                    sockets.add(s);
                    addrs.add("127.0.0.1:" + s.getLocalPort());
                }
            } finally {
                for (ServerSocket s : sockets) {
                    s.close();
                }
            }
            addresses = List.copyOf(addrs);
            replies.clear();
        }

        void send(String command) throws IOException {
            commands.write(command + "\n");
            commands.flush();
        }

        /** The peer's {@code DONE} numbers, or an exception with what it said instead. */
        long[] awaitDone(long timeoutSeconds) throws InterruptedException {
            String reply = replies.poll(timeoutSeconds, TimeUnit.SECONDS);
            if (reply == null || !reply.startsWith("DONE ")) {
                throw new IllegalStateException("the peer's run did not complete: "
                        + (reply == null ? "no answer in " + timeoutSeconds + " s" : reply));
            }
            String[] parts = reply.substring(5).split(" ");
            long[] numbers = new long[parts.length];
            for (int i = 0; i < parts.length; i++) {
                numbers[i] = Long.parseLong(parts[i]);
            }
            return numbers;
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            try {
                send("EXIT");
                commands.close();
            } catch (IOException e) {
                // Already gone.
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
    }
}
