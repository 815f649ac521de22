package io.waxwing.bench;

import io.waxwing.run.Execution;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.LoggerFactory;

/**
 * The second process of {@link WordCountProcessesBenchmark}: a JVM started once per JMH fork that
 * generates the same text as the fork and then, on each command, runs its share of one word count
 * as process {@code P} of a cluster. It is driven over its standard streams:
 *
 * <pre>
 * java -cp benchmarks.jar io.waxwing.bench.WordCountPeer LINES
 *   → "WCPEER READY"                                      once the text is generated
 * ← "RUN P WORKERS ADDR0 ADDR1 ..."                        one clusterMain as process P
 *   → "WCPEER DONE items sum callNanos firstReadNanos lastWriteNanos returnNanos"
 *   → "WCPEER FAILED message"                             when the run threw
 * ← "EXIT", or the end of its standard input              exits
 * </pre>
 *
 * <p>Times are {@link System#nanoTime()}, which on Linux is the system-wide monotonic clock, so the
 * fork can compare them with its own. The peer halts as soon as its standard input ends, so it
 * cannot outlive the fork that started it, even in the middle of a run.
 */
public final class WordCountPeer {
    static final String PREFIX = "WCPEER ";

    private WordCountPeer() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: WordCountPeer LINES");
            System.exit(2);
        }
        int lineCount = Integer.parseInt(args[0]);
        BlockingQueue<String> commands = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    commands.add(line);
                }
            } catch (IOException e) {
                // Treated as the end of input.
            }
            // The fork is gone or done with us: do not wait for a run or for Pekko's threads.
            Runtime.getRuntime().halt(0);
        }, "wcpeer-stdin");
        reader.setDaemon(true);
        reader.start();

        LoggerFactory.getILoggerFactory();
        List<String> lines = ZipfText.lines(lineCount, WordCountBenchmark.WORDS_PER_LINE,
                WordCountBenchmark.VOCABULARY, WordCountBenchmark.ZIPF_S, WordCountBenchmark.SEED);
        say("READY");
        while (true) {
            String[] command = commands.take().split(" ");
            if (command[0].equals("EXIT")) {
                break;
            }
            if (!command[0].equals("RUN") || command.length < 4) {
                say("FAILED unknown command " + String.join(" ", command));
                continue;
            }
            int procId = Integer.parseInt(command[1]);
            int workers = Integer.parseInt(command[2]);
            List<String> addresses = Arrays.asList(command).subList(3, command.length);
            TimedWordCount run = new TimedWordCount(lines, WordCountBenchmark.SLICES, WordCountBenchmark.BATCH);
            long call = System.nanoTime();
            try {
                Execution.clusterMain(run.flow(), addresses, procId, WordCountBenchmark.EPOCH_INTERVAL, null, workers);
            } catch (RuntimeException | Error e) {
                say("FAILED " + e.toString().replace('\n', ' '));
                continue;
            }
            long returned = System.nanoTime();
            say("DONE " + run.items() + " " + run.sum() + " " + call + " " + run.firstReadNanos() + " "
                    + run.lastWriteNanos() + " " + returned);
        }
        System.exit(0);
    }

    private static void say(String message) {
        synchronized (System.out) {
            System.out.println(PREFIX + message);
            System.out.flush();
        }
    }
}
