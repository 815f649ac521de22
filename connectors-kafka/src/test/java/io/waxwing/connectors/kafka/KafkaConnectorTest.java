package io.waxwing.connectors.kafka;

import static io.waxwing.connectors.kafka.TestBroker.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.connectors.kafka.fixtures.KafkaWordCountFlows;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.recovery.Recovery;
import io.waxwing.recovery.RecoveryConfig;
import io.waxwing.run.Execution;
import io.waxwing.testing.TestingSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka source and sink under {@code runMain}, against the real broker of {@link TestBroker}. */
class KafkaConnectorTest {
    private static final List<String> VOCABULARY = List.of("kafka", "waxwing", "epoch", "offset", "broker",
            "partition", "topic", "stream");

    /** {@code count} lines of 1 to 6 words from {@link #VOCABULARY}, the same for the same seed. */
    static List<String> lines(int count, long seed) {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder sb = new StringBuilder();
            for (int w = 0, n = 1 + random.nextInt(6); w < n; w++) {
                sb.append(w == 0 ? "" : " ").append(VOCABULARY.get(random.nextInt(VOCABULARY.size())));
            }
            lines.add(sb.toString());
        }
        return lines;
    }

    static Map<String, Long> expectedCounts(List<String> lines) {
        Map<String, Long> counts = new TreeMap<>();
        for (String line : lines) {
            for (String w : line.split("\\s+")) {
                counts.merge(w, 1L, Long::sum);
            }
        }
        return counts;
    }

    /** The topic's messages as word → count, failing on a word written twice. */
    static Map<String, Long> finalCounts(String topic) {
        Map<String, Long> counts = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TestBroker.readAll(topic)) {
            Long before = counts.put(string(r.key()), Long.parseLong(string(r.value())));
            assertNull(before, "word '" + string(r.key()) + "' written twice");
        }
        return counts;
    }

    @Test
    void wordCountFromThreePartitionTopicIntoAnotherTopicIsExact() {
        String brokers = TestBroker.bootstrap();
        String in = TestBroker.createTopic("wc-in", 3);
        String out = TestBroker.createTopic("wc-out", 1);
        List<String> lines = lines(600, 1);
        TestBroker.produce(in, 3, lines);

        Execution.runMain(KafkaWordCountFlows.finalCounts(brokers, in, out));

        assertEquals(expectedCounts(lines), finalCounts(out));
    }

    @Test
    void messagesCarryKeyValueTopicPartitionOffsetTimestampAndHeaders() {
        String brokers = TestBroker.bootstrap();
        String in = TestBroker.createTopic("fields", 2);
        try (var producer = TestBroker.producer()) {
            var record = new org.apache.kafka.clients.producer.ProducerRecord<>(in, 1, 1234L,
                    "k".getBytes(), "{\"n\": [1, 2.5, \"x\"], \"ok\": true}".getBytes());
            record.headers().add("h", "v".getBytes());
            producer.send(record);
        }
        List<KafkaSourceMessage> got = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = new Dataflow("fields");
        flow.input("in", KafkaSource.builder().brokers(brokers).topics(in).tail(false).build())
                .output("out", new TestingSink<>(got));
        Execution.runMain(flow);

        assertEquals(1, got.size());
        KafkaSourceMessage m = got.get(0);
        assertEquals("k", m.keyString());
        assertEquals(in, m.topic());
        assertEquals(1, m.partition());
        assertEquals(0, m.offset());
        assertEquals(1234L, m.timestamp());
        assertEquals(List.of(KafkaHeader.of("h", "v")), m.headers());
        assertEquals(Map.of("n", List.of(1L, 2.5, "x"), "ok", true), m.valueJson());
    }

    @Test
    void resumeContinuesAfterTheLastCommittedOffsetsWithExactState(@TempDir Path dir) {
        String brokers = TestBroker.bootstrap();
        String in = TestBroker.createTopic("resume-in", 3);
        String out = TestBroker.createTopic("resume-out", 1);
        Recovery.initDbDir(dir, 2);
        RecoveryConfig recovery = new RecoveryConfig(dir);
        List<String> first = lines(150, 2);
        List<String> second = lines(90, 3);

        TestBroker.produce(in, 3, first);
        Execution.runMain(KafkaWordCountFlows.runningCounts(brokers, in, out, false), Duration.ofMillis(50), recovery);
        TestBroker.produce(in, 3, second);
        Execution.runMain(KafkaWordCountFlows.runningCounts(brokers, in, out, false), Duration.ofMillis(50), recovery);

        // Each word's running counts are 1..n exactly once: no record read twice, none skipped.
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        Map<String, List<Long>> seen = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TestBroker.readAll(out)) {
            seen.computeIfAbsent(string(r.key()), k -> new ArrayList<>()).add(Long.parseLong(string(r.value())));
        }
        expectedCounts(all).forEach((word, n) -> {
            List<Long> counts = seen.get(word);
            Collections.sort(counts);
            assertEquals(java.util.stream.LongStream.rangeClosed(1, n).boxed().toList(), counts, word);
        });
        assertEquals(expectedCounts(all).keySet(), seen.keySet());
    }

    @Test
    void recordThatUserCodeCannotParseGoesToTheErrorStreamAndTheDeadLetterTopic() {
        String brokers = TestBroker.bootstrap();
        String in = TestBroker.createTopic("numbers", 3);
        String dlq = TestBroker.createTopic("numbers-dlq", 1);
        TestBroker.produce(in, 3, List.of("1", "2", "three", "4", "5", "6"));

        List<Integer> oks = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = new Dataflow("errors");
        KafkaStreams<KafkaSourceMessage> kafka = KafkaOperators.input(flow, "in",
                KafkaSource.builder().brokers(brokers).topics(in).tail(false).build());
        KafkaStreams<Integer> nums = KafkaOperators.tryMap("parse", kafka.oks(), m -> Integer.parseInt(m.valueString()));
        nums.oks().output("oks", new TestingSink<>(oks));
        kafka.errs().merge("all_errs", nums.errs())
                .map("dlq", e -> e.toSinkMessage(dlq))
                .output("dlq_out", KafkaSink.builder().brokers(brokers).build());
        Execution.runMain(flow);

        Collections.sort(oks);
        assertEquals(List.of(1, 2, 4, 5, 6), oks);
        List<ConsumerRecord<byte[], byte[]>> dead = TestBroker.readAll(dlq);
        assertEquals(1, dead.size());
        ConsumerRecord<byte[], byte[]> r = dead.get(0);
        assertEquals("three", string(r.value()));
        assertEquals(in + "/2@0", string(r.headers().lastHeader("waxwing.source").value()));
        assertTrue(string(r.headers().lastHeader("waxwing.error").value()).contains("NumberFormatException"),
                string(r.headers().lastHeader("waxwing.error").value()));
    }

    @Test
    void sinkWritesEachMessageToItsOwnTopicWithItsHeaders() {
        String brokers = TestBroker.bootstrap();
        String a = TestBroker.createTopic("to-a", 1);
        String b = TestBroker.createTopic("to-b", 1);
        Dataflow flow = new Dataflow("routing");
        flow.input("in", new io.waxwing.testing.TestingSource<String>(List.of("a1", "b1", "a2")))
                .map("msg", s -> KafkaSinkMessage.of(s, s.toUpperCase()).withTopic(s.startsWith("a") ? a : b)
                        .withHeaders(List.of(KafkaHeader.of("from", s))))
                .output("out", KafkaSink.builder().brokers(brokers).build());
        Execution.runMain(flow);

        List<ConsumerRecord<byte[], byte[]>> inA = TestBroker.readAll(a);
        assertEquals(List.of("A1", "A2"), inA.stream().map(r -> string(r.value())).toList());
        assertEquals("a2", string(inA.get(1).headers().lastHeader("from").value()));
        assertEquals(List.of("B1"), TestBroker.readAll(b).stream().map(r -> string(r.value())).toList());
    }

    @Test
    void startingOffsetEndReadsOnlyWhatIsWrittenAfterTheStart() {
        String brokers = TestBroker.bootstrap();
        String in = TestBroker.createTopic("from-end", 1);
        TestBroker.produce(in, 1, List.of("old"));
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = new Dataflow("end");
        flow.input("in", KafkaSource.builder().brokers(brokers).topics(in).tail(false)
                        .startingOffset(StartingOffset.end()).build())
                .map("v", KafkaSourceMessage::valueString)
                .output("out", new TestingSink<>(got));
        Execution.runMain(flow);
        assertEquals(List.of(), got);
    }

    @Test
    void startingOffsetTimestampReadsFromTheFirstRecordAtOrAfterIt() {
        String brokers = TestBroker.bootstrap();
        String in = TestBroker.createTopic("from-time", 1);
        try (var producer = TestBroker.producer()) {
            for (long t = 1; t <= 4; t++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(in, 0, t * 1000, null,
                        ("at" + t).getBytes()));
            }
        }
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = new Dataflow("time");
        flow.input("in", KafkaSource.builder().brokers(brokers).topics(in).tail(false)
                        .startingOffset(StartingOffset.timestamp(java.time.Instant.ofEpochMilli(2500))).build())
                .map("v", KafkaSourceMessage::valueString)
                .output("out", new TestingSink<>(got));
        Execution.runMain(flow);
        assertEquals(List.of("at3", "at4"), got);
    }

    @Test
    void missingTopicIsAClearErrorWithinTheTimeout() {
        String brokers = TestBroker.bootstrap();
        Dataflow flow = new Dataflow("missing");
        flow.input("in", KafkaSource.builder().brokers(brokers).topics("no-such-topic-here").tail(false)
                        .timeout(Duration.ofSeconds(5)).build())
                .output("out", new TestingSink<>(new ArrayList<>()));
        long start = System.nanoTime();
        RuntimeException e = assertThrows(RuntimeException.class, () -> Execution.runMain(flow));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(messages(e).contains("Kafka topic 'no-such-topic-here' does not exist"), messages(e));
        assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "took " + took);
    }

    @Test
    void messageForATopicThatDoesNotExistFailsTheSinkNamingTheTopic() {
        String brokers = TestBroker.bootstrap();
        Dataflow flow = new Dataflow("no_topic");
        flow.input("in", new io.waxwing.testing.TestingSource<String>(List.of("x")))
                .map("msg", s -> KafkaSinkMessage.of(s, s).withTopic("no-such-output-topic"))
                .output("out", KafkaSink.builder().brokers(brokers).timeout(Duration.ofSeconds(3)).build());
        long start = System.nanoTime();
        RuntimeException e = assertThrows(RuntimeException.class, () -> Execution.runMain(flow));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(messages(e).contains("cannot send to Kafka topic 'no-such-output-topic'"), messages(e));
        assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "took " + took);
    }

    @Test
    void lagIsReportedPerPartition() {
        String brokers = TestBroker.bootstrap();
        String in = TestBroker.createTopic("lag", 2);
        TestBroker.produce(in, 2, lines(400, 4));
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = new Dataflow("lag");
        flow.input("in", KafkaSource.builder().brokers(brokers).topics(in).tail(false).batchSize(10)
                        .lagInterval(Duration.ofNanos(1))
                        .lagListener((step, topic, partition, lag) -> reports.add(step + " " + topic + "/" + partition + " " + lag))
                        .build())
                .output("out", new TestingSink<>(new ArrayList<>()));
        Execution.runMain(flow);
        assertTrue(reports.stream().anyMatch(r -> r.startsWith("lag.in " + in + "/0 ")), reports.toString());
        assertTrue(reports.stream().anyMatch(r -> r.startsWith("lag.in " + in + "/1 ")), reports.toString());
        assertTrue(reports.stream().anyMatch(r -> !r.endsWith(" 0")), "some lag above 0: " + reports);
    }

    static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t).append('\n');
        }
        return sb.toString();
    }

}
