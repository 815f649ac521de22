package io.waxwing.connectors.kafka;

import io.waxwing.outputs.StatelessSinkPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * One worker's producer of a {@link KafkaSink}. Sends a batch, then flushes it, so that when
 * {@link #writeBatch} returns every message is acknowledged: the epoch the batch belongs to cannot
 * commit before its output is in Kafka. Called on its worker's thread only; the producer's
 * callbacks, on the producer's I/O thread, only record the first failure.
 */
final class KafkaSinkPartition implements StatelessSinkPartition<KafkaSinkMessage> {
    private final String defaultTopic;
    private final KafkaProducer<byte[], byte[]> producer;
    /** The first send that failed: its topic and what went wrong. */
    private final AtomicReference<IllegalStateException> failure = new AtomicReference<>();
    private final Callback onAck;

    KafkaSinkPartition(Properties properties, String defaultTopic, List<String> brokers,
                       Duration timeout) {
        this.defaultTopic = defaultTopic;
        KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(properties);
        if (defaultTopic != null) {
            try {
                p.partitionsFor(defaultTopic);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                p.close(Duration.ZERO);
                throw new IllegalStateException("cannot find Kafka topic '" + defaultTopic + "' on "
                        + String.join(",", brokers) + " within " + timeout.toMillis()
                        + " ms: the brokers cannot be reached or the topic does not exist", e);
            } catch (RuntimeException e) {
                p.close(Duration.ZERO);
                throw e;
            }
        }
        this.producer = p;
        this.onAck = (metadata, e) -> {
            if (e != null) {
                // On failure Kafka still gives the topic partition in the metadata.
                String where = metadata == null ? "a Kafka topic" : "Kafka topic '" + metadata.topic() + "'";
                failure.compareAndSet(null, new IllegalStateException("cannot send to "
                        + where + ": " + e, e));
            }
        };
    }

    @Override
    public void writeBatch(List<KafkaSinkMessage> items) {
        for (int i = 0, n = items.size(); i < n; i++) {
            KafkaSinkMessage m = items.get(i);
            String topic = m.topic() != null ? m.topic() : defaultTopic;
            if (topic == null) {
                throw new IllegalArgumentException("a KafkaSinkMessage without a topic reached a KafkaSink without a"
                        + " default topic: give the sink a topic(...) or each message withTopic(...)");
            }
            try {
                producer.send(new ProducerRecord<>(topic, m.partition(), m.timestamp(), m.key(), m.value(),
                        headers(m.headers())), onAck);
            } catch (KafkaException e) {
                throw new IllegalStateException("cannot send to Kafka topic '" + topic + "': " + e.getMessage(), e);
            }
            checkFailure();
        }
        producer.flush();
        checkFailure();
    }

    private static List<Header> headers(List<KafkaHeader> headers) {
        if (headers.isEmpty()) {
            return null;
        }
        List<Header> list = new ArrayList<>(headers.size());
        for (KafkaHeader h : headers) {
            list.add(new RecordHeader(h.key(), h.value()));
        }
        return list;
    }

    private void checkFailure() {
        IllegalStateException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ZERO);
    }
}
