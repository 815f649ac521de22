package io.waxwing.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.run.Execution;
import io.waxwing.testing.TestingSink;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Records that cannot be used, against the real broker of {@link TestBroker}: a value that is not
 * JSON read with {@link KafkaSourceMessage#valueJson()}, and a record batch whose bytes were
 * corrupted in the broker's log (it fails the consumer's CRC check). Each either fails the step
 * naming topic, partition and offset, or, read through {@link KafkaOperators}, goes to the error
 * stream while the other records go on.
 */
class KafkaBadRecordTest {

    /** A 1-partition topic holding {@code {"n":1}}, {@code not json}, {@code {"n":3}} at offsets 0, 1, 2. */
    private static String topicWithNonJsonValue() {
        String topic = TestBroker.createTopic("json", 1);
        TestBroker.produce(topic, 1, List.of("{\"n\":1}", "not json", "{\"n\":3}"));
        return topic;
    }

    @Test
    void nonJsonValueParsedInAPlainMapFailsTheStepNamingTopicPartitionAndOffset() {
        String brokers = TestBroker.bootstrap();
        String topic = topicWithNonJsonValue();
        Dataflow flow = new Dataflow("json_fails");
        flow.input("in", KafkaSource.builder().brokers(brokers).topics(topic).tail(false).build())
                .map("json", KafkaSourceMessage::valueJson)
                .output("out", new TestingSink<>(Collections.synchronizedList(new ArrayList<>())));

        RuntimeException e = assertThrows(RuntimeException.class, () -> Execution.runMain(flow));

        String text = KafkaConnectorTest.messages(e);
        assertTrue(text.contains("the value of the record at " + topic + "/0@1 is not JSON"), text);
        assertTrue(text.contains("json_fails.json"), "names the step: " + text);
    }

    @Test
    @SuppressWarnings("unchecked")
    void nonJsonValueGoesToTheErrorStreamWithItsPositionAndTheOtherRecordsGoOn() {
        String brokers = TestBroker.bootstrap();
        String topic = topicWithNonJsonValue();
        List<Object> oks = Collections.synchronizedList(new ArrayList<>());
        List<KafkaError> errs = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = new Dataflow("json_errs");
        KafkaStreams<KafkaSourceMessage> in = KafkaOperators.input(flow, "in",
                KafkaSource.builder().brokers(brokers).topics(topic).tail(false).build());
        KafkaStreams<Object> json = KafkaOperators.tryMap("json", in.oks(),
                m -> ((Map<String, Object>) m.valueJson()).get("n"));
        json.oks().output("oks", new TestingSink<>(oks));
        in.errs().merge("all_errs", json.errs()).output("errs", new TestingSink<>(errs));

        Execution.runMain(flow);

        assertEquals(List.of(1L, 3L), oks);
        assertEquals(1, errs.size(), errs.toString());
        KafkaError err = errs.get(0);
        assertEquals(topic, err.topic());
        assertEquals(0, err.partition());
        assertEquals(1, err.offset());
        assertTrue(err.error().contains("is not JSON"), err.error());
        assertEquals("not json", err.message().valueString());
    }

    /**
     * A 1-partition topic holding {@code good-0}, {@code corrupt-1}, {@code good-2}, each in a batch
     * of its own, the middle batch corrupted in the broker's log file. Skips when the broker's log
     * directory is not on this machine.
     */
    private static String topicWithCorruptBatch() throws Exception {
        String topic = TestBroker.createTopic("corrupt", 1);
        try (KafkaProducer<byte[], byte[]> producer = TestBroker.producer()) {
            for (String v : List.of("good-0", "corrupt-1", "good-2")) {
                // One send at a time: one batch per record, so that only the middle one is corrupt.
                producer.send(new ProducerRecord<>(topic, 0, null, v.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        Path segment = null;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap());
        try (Admin admin = Admin.create(p)) {
            int node = admin.describeCluster().nodes().get().iterator().next().id();
            Map<String, LogDirDescription> dirs = admin.describeLogDirs(List.of(node)).allDescriptions().get().get(node);
            for (String dir : dirs.keySet()) {
                Path candidate = Path.of(dir, topic + "-0", "00000000000000000000.log");
                if (Files.isWritable(candidate)) {
                    segment = candidate;
                }
            }
        }
        assumeTrue(segment != null, "the broker's log directory is not on this machine: cannot corrupt a batch");
        flipAByteOf("corrupt-1", segment);
        return topic;
    }

    /** Changes one byte inside {@code value} where it is stored in {@code segment}: its batch's CRC no longer matches. */
    private static void flipAByteOf(String value, Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        byte[] needle = value.getBytes(StandardCharsets.UTF_8);
        int at = -1;
        for (int i = 0; i + needle.length <= bytes.length && at < 0; i++) {
            if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                at = i;
            }
        }
        assertTrue(at >= 0, "value '" + value + "' not found in " + segment);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(at);
            file.write('C');
        }
    }

    @Test
    void corruptBatchFailsTheStepNamingTopicPartitionAndOffset() throws Exception {
        String brokers = TestBroker.bootstrap();
        String topic = topicWithCorruptBatch();
        Dataflow flow = new Dataflow("corrupt_fails");
        flow.input("in", KafkaSource.builder().brokers(brokers).topics(topic).tail(false).build())
                .map("v", KafkaSourceMessage::valueString)
                .output("out", new TestingSink<>(Collections.synchronizedList(new ArrayList<>())));

        RuntimeException e = assertThrows(RuntimeException.class, () -> Execution.runMain(flow));

        String text = KafkaConnectorTest.messages(e);
        assertTrue(text.contains("cannot read the record at offset 1 of Kafka topic partition " + topic + "-0"), text);
        assertTrue(text.contains("KafkaOperators.input"), "says how to get an error stream instead: " + text);
    }

    @Test
    void corruptBatchGoesToTheErrorStreamAndTheRecordsAfterItAreRead() throws Exception {
        String brokers = TestBroker.bootstrap();
        String topic = topicWithCorruptBatch();
        List<String> oks = Collections.synchronizedList(new ArrayList<>());
        List<KafkaError> errs = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = new Dataflow("corrupt_errs");
        KafkaStreams<KafkaSourceMessage> in = KafkaOperators.input(flow, "in",
                KafkaSource.builder().brokers(brokers).topics(topic).tail(false).build());
        in.oks().map("v", KafkaSourceMessage::valueString).output("oks", new TestingSink<>(oks));
        in.errs().output("errs", new TestingSink<>(errs));

        Execution.runMain(flow);

        assertEquals(List.of("good-0", "good-2"), oks);
        assertEquals(1, errs.size(), errs.toString());
        KafkaError err = errs.get(0);
        assertEquals(topic, err.topic());
        assertEquals(0, err.partition());
        assertEquals(1, err.offset());
        assertTrue(err.error().contains("cannot read the record at offset 1"), err.error());
        assertNull(err.message(), "the record could not be read");
    }
}
