package io.waxwing.bench;

import io.waxwing.connectors.kafka.KafkaSource;
import io.waxwing.connectors.kafka.KafkaSourceMessage;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.run.Execution;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
import org.slf4j.LoggerFactory;

/**
 * Consumes 10 M small records (10-byte values, no key) of a 3-partition topic on a real broker and
 * counts them: a plain {@code KafkaConsumer} assigned every partition in a poll loop, against
 * Waxwing's {@link KafkaSource} (tail off) into a counting sink under {@code runMain}. One operation
 * is one whole read of the topic; the score is nanoseconds per record. Each operation also prints
 * the CPU time it used per record ({@link CpuTime}: the benchmark thread, and the whole process,
 * whose other threads are the collector's and the compiler's), which depends less on the load
 * of a shared machine than the score.
 *
 * <p>The broker's address comes from {@code WAXWING_TEST_KAFKA_BOOTSTRAP}
 * ({@code eval "$(bash .ci/kafka-broker.sh start)"}). The topic is written once and reused by later
 * runs against the same broker.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(KafkaConsumeBenchmark.RECORDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class KafkaConsumeBenchmark {
    static final int RECORDS = 10_000_000;
    static final int PARTITIONS = 3;
    static final String TOPIC = "waxwing-bench-consume-" + RECORDS + "x" + PARTITIONS;
    /** Records per poll for both sides. */
    static final int BATCH = 2000;

    private String brokers;

    @Setup(Level.Trial)
    public void prepare() throws Exception {
        LoggerFactory.getILoggerFactory();
        brokers = System.getenv("WAXWING_TEST_KAFKA_BOOTSTRAP");
        if (brokers == null || brokers.isBlank()) {
            throw new IllegalStateException("KafkaConsumeBenchmark needs a broker: set WAXWING_TEST_KAFKA_BOOTSTRAP,"
                    + " e.g. eval \"$(bash .ci/kafka-broker.sh start)\"");
        }
        if (recordsInTopic() != RECORDS) {
            fill();
        }
        plainConsumerLoop();
    }

    private long recordsInTopic() throws InterruptedException, ExecutionException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        try (Admin admin = Admin.create(p)) {
            if (!admin.listTopics().names().get().contains(TOPIC)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
                return 0;
            }
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties())) {
            return consumer.endOffsets(partitions()).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private void fill() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < RECORDS; i++) {
                byte[] value = String.format("%010d", i).getBytes(StandardCharsets.US_ASCII);
                producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, null, value));
            }
            producer.flush();
        }
    }

    private static List<TopicPartition> partitions() {
        List<TopicPartition> tps = new ArrayList<>();
        for (int i = 0; i < PARTITIONS; i++) {
            tps.add(new TopicPartition(TOPIC, i));
        }
        return tps;
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(BATCH));
        return p;
    }

    /** What a Java programmer writes: one consumer, every partition assigned, poll until the end. */
    @Benchmark
    public long plainConsumerLoop() {
        CpuTime cpu = CpuTime.start();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties())) {
            List<TopicPartition> tps = partitions();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            long count = 0;
            long bytes = 0;
            while (!atEnd(consumer, tps, end)) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    count++;
                    bytes += r.value().length;
                }
            }
            check(count);
            cpu.stop("plain", RECORDS);
            return count + bytes;
        }
    }

    private static boolean atEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> tps,
                                 Map<TopicPartition, Long> end) {
        for (TopicPartition tp : tps) {
            if (consumer.position(tp) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    /** The same count as a dataflow: the Kafka source, tail off, into a counting sink, on one worker. */
    @Benchmark
    public long waxwingRunMain() {
        SummingItemSink<KafkaSourceMessage> sink = new SummingItemSink<>(m -> m.value().length);
        Dataflow flow = new Dataflow("kafka_consume");
        flow.input("in", KafkaSource.builder().brokers(brokers).topics(TOPIC).tail(false).batchSize(BATCH)
                        .lagInterval(Duration.ZERO).build())
                .output("count", sink);
        CpuTime cpu = CpuTime.start();
        Execution.runMain(flow);
        check(sink.items());
        cpu.stop("waxwing", RECORDS);
        return sink.items() + sink.sum();
    }

    private static long check(long count) {
        if (count != RECORDS) {
            throw new IllegalStateException("read " + count + " records, expected " + RECORDS);
        }
        return count;
    }
}
