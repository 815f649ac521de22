package io.waxwing.connectors.kafka;

import static io.waxwing.connectors.kafka.TestBroker.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.waxwing.recovery.Recovery;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka connector in real launcher processes: {@code launcher.jar} with
 * {@code waxwing-connectors-kafka-all.jar} and the fixture flows on {@code -cp}, against the real
 * broker of {@link TestBroker}.
 */
class KafkaLauncherIT {
    private static final String FLOWS = "io.waxwing.connectors.kafka.fixtures.KafkaWordCountFlows";
    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path tmp;

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    private Process launch(String name, Object... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", Path.of(System.getProperty("waxwing.launcher.jar")).toString(),
                "-cp", System.getProperty("waxwing.kafka.jar") + File.pathSeparator
                        + System.getProperty("waxwing.test.classes")));
        for (Object a : args) {
            command.add(String.valueOf(a));
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(name + ".log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("WAXWING_"));
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private void awaitSuccess(String name, Process p, long seconds) throws Exception {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(name + " did not finish within " + seconds + " s:\n" + Files.readString(tmp.resolve(name + ".log")));
        }
        assertEquals(0, p.exitValue(), name + " failed:\n" + Files.readString(tmp.resolve(name + ".log")));
    }

    private static String call(String method, Object... args) {
        StringBuilder sb = new StringBuilder(FLOWS + ":" + method + "(");
        for (int i = 0; i < args.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(args[i] instanceof String s ? "\"" + s + "\"" : args[i]);
        }
        return sb.append(")").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void wordCountWithTwoWorkersInOneProcessIsExact() throws Exception {
        String brokers = TestBroker.bootstrap();
        String in = TestBroker.createTopic("it-wc-in", 3);
        String out = TestBroker.createTopic("it-wc-out", 1);
        List<String> lines = KafkaConnectorTest.lines(900, 11);
        TestBroker.produce(in, 3, lines);

        awaitSuccess("w2", launch("w2", "-w", 2, call("finalCounts", brokers, in, out)), 120);

        assertEquals(KafkaConnectorTest.expectedCounts(lines), KafkaConnectorTest.finalCounts(out));
    }

    @Test
    void kafkaWordCountExampleRunsWithTheConnectorJarOnTheClasspath() throws Exception {
        String brokers = TestBroker.bootstrap();
        String in = TestBroker.createTopic("it-example-in", 3);
        String out = TestBroker.createTopic("it-example-out", 1);
        List<String> lines = KafkaConnectorTest.lines(300, 15);
        TestBroker.produce(in, 3, lines);
        Path example = Path.of(System.getProperty("waxwing.repo.root"), "examples", "KafkaWordCount.java");

        awaitSuccess("example", launch("example", example + ":count(\"" + brokers + "\", \"" + in + "\", \"" + out
                + "\")"), 120);

        assertEquals(KafkaConnectorTest.expectedCounts(lines), KafkaConnectorTest.finalCounts(out));
    }

    @Test
    void wordCountWithTwoLauncherProcessesIsExact() throws Exception {
        String brokers = TestBroker.bootstrap();
        String in = TestBroker.createTopic("it-wc2-in", 3);
        String out = TestBroker.createTopic("it-wc2-out", 1);
        List<String> lines = KafkaConnectorTest.lines(900, 12);
        TestBroker.produce(in, 3, lines);
        String addresses = "127.0.0.1:" + freePort() + ";127.0.0.1:" + freePort();

        Process p0 = launch("p0", "-a", addresses, "-i", 0, call("finalCounts", brokers, in, out));
        Process p1 = launch("p1", "-a", addresses, "-i", 1, call("finalCounts", brokers, in, out));
        awaitSuccess("p0", p0, 180);
        awaitSuccess("p1", p1, 60);

        assertEquals(KafkaConnectorTest.expectedCounts(lines), KafkaConnectorTest.finalCounts(out));
    }

    @Test
    void killedMidRunResumesWithExactStateAndNoRecordLost() throws Exception {
        String brokers = TestBroker.bootstrap();
        String in = TestBroker.createTopic("it-kill-in", 3);
        String out = TestBroker.createTopic("it-kill-out", 1);
        Path db = tmp.resolve("db");
        Recovery.initDbDir(db, 2);
        List<String> first = KafkaConnectorTest.lines(1500, 13);
        List<String> second = KafkaConnectorTest.lines(300, 14);
        TestBroker.produce(in, 3, first);

        // Tailing, it never ends by itself: kill -9 once some output is in Kafka.
        Process running = launch("run1", "-w", 2, "--recovery-dir", db, "--epoch-interval", "100ms",
                call("runningCounts", brokers, in, out, true));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (TestBroker.readAll(out).size() < 1000) {
            if (!running.isAlive() || System.nanoTime() > deadline) {
                fail("the first run wrote too little before it ended or timed out:\n"
                        + Files.readString(tmp.resolve("run1.log")));
            }
            Thread.sleep(100);
        }
        running.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        int beforeKill = TestBroker.readAll(out).size();

        // Resume with another worker count, with more input, up to the end of the topic.
        TestBroker.produce(in, 3, second);
        awaitSuccess("run2", launch("run2", "-w", 1, "--recovery-dir", db, "--epoch-interval", "100ms",
                call("runningCounts", brokers, in, out, false)), 120);

        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        Map<String, Long> expected = KafkaConnectorTest.expectedCounts(all);
        Map<String, List<Long>> seen = new TreeMap<>();
        List<ConsumerRecord<byte[], byte[]>> output = TestBroker.readAll(out);
        for (ConsumerRecord<byte[], byte[]> r : output) {
            seen.computeIfAbsent(string(r.key()), k -> new ArrayList<>()).add(Long.parseLong(string(r.value())));
        }
        assertEquals(expected.keySet(), seen.keySet());
        long total = expected.values().stream().mapToLong(Long::longValue).sum();
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            List<Long> counts = seen.get(e.getKey());
            // State exact and no record lost: the counts are exactly 1..n, none above n, none missing.
            assertEquals(LongStream.rangeClosed(1, e.getValue()).boxed().toList(), new ArrayList<>(new TreeSet<>(counts)),
                    e.getKey());
            // Duplicates only from the re-sent epochs after the last commit: at most twice each.
            for (Long c : new TreeSet<>(counts)) {
                assertTrue(Collections.frequency(counts, c) <= 2, e.getKey() + " " + c + " sent "
                        + Collections.frequency(counts, c) + " times");
            }
        }
        assertTrue(output.size() - total <= beforeKill, "re-sent " + (output.size() - total)
                + " messages, more than the " + beforeKill + " written before the kill");
    }
}
