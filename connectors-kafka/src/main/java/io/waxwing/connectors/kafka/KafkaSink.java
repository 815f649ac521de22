package io.waxwing.connectors.kafka;

import io.waxwing.outputs.DynamicSink;
import io.waxwing.outputs.StatelessSinkPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes {@link KafkaSinkMessage}s to Kafka, each to its own topic or to the sink's default
 * topic, with one idempotent producer per worker. Items stay on the worker that made them.
 *
 * <pre>{@code
 * counts.map("msg", kv -> KafkaSinkMessage.of(kv.key(), kv.value().toString()))
 *       .output("out", KafkaSink.builder().brokers("localhost:9092").topic("counts").build());
 * }</pre>
 *
 * <p><b>Delivery: at-least-once.</b> Each batch is flushed and acknowledged by the brokers
 * ({@code acks=all}) before the worker goes on, so every message of an epoch is in Kafka before that
 * epoch can commit. A resumed execution re-sends what the dataflow computes again: every message
 * produced after the last committed epoch (the epochs the crash interrupted), possibly in another
 * order across workers; nothing is lost. Consumers that need exactly-once results deduplicate, e.g.
 * by key in a compacted topic. There is no transactional mode yet: see {@code docs/connectors.md}.
 *
 * <p><b>Errors.</b> A send the brokers reject, or that is not acknowledged within the producer's
 * {@code delivery.timeout.ms}, fails the step naming the topic. Brokers that cannot be reached, or
 * a default topic that does not exist, fail the step when it starts, within {@link Builder#timeout}.
 */
public final class KafkaSink implements DynamicSink<KafkaSinkMessage> {
    private final List<String> brokers;
    private final String topic;
    private final Map<String, String> properties;
    private final Duration timeout;

    private KafkaSink(Builder b) {
        this.brokers = List.copyOf(b.brokers);
        this.topic = b.topic;
        this.properties = Map.copyOf(b.properties);
        this.timeout = b.timeout;
    }

    /** Starts describing a sink; {@link Builder#brokers} is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public StatelessSinkPartition<KafkaSinkMessage> build(String stepId, int workerIndex, int workerCount) {
        return new KafkaSinkPartition(producerProperties("waxwing-" + stepId + "-" + workerIndex), topic,
                brokers, timeout);
    }

    private Properties producerProperties(String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", brokers));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putAll(properties);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    @Override
    public String toString() {
        return "KafkaSink[" + (topic == null ? "per-message topic" : topic) + "]@" + String.join(",", brokers);
    }

    /** Describes a {@link KafkaSink}. */
    public static final class Builder {
        private final List<String> brokers = new ArrayList<>();
        private String topic;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private Duration timeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /** The bootstrap brokers, {@code host:port} each (required). */
        public Builder brokers(String... hostPorts) {
            return brokers(List.of(hostPorts));
        }

        /** The bootstrap brokers, {@code host:port} each (required). */
        public Builder brokers(List<String> hostPorts) {
            brokers.addAll(hostPorts);
            return this;
        }

        /**
         * The topic of messages that name none. Without a default topic, every message must
         * carry its own ({@link KafkaSinkMessage#withTopic}), or the step fails.
         */
        public Builder topic(String name) {
            this.topic = Objects.requireNonNull(name, "topic");
            return this;
        }

        /**
         * An extra producer property ({@code compression.type}, {@code linger.ms},
         * {@code security.protocol}, ...). The byte-array serializers always win.
         */
        public Builder property(String name, String value) {
            properties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Extra producer properties, as {@link #property}. */
        public Builder properties(Map<String, String> more) {
            more.forEach(this::property);
            return this;
        }

        /**
         * How long to wait for the brokers' metadata when starting and before each send
         * ({@code max.block.ms}); default 30 s.
         */
        public Builder timeout(Duration wait) {
            if (wait.isNegative() || wait.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + wait);
            }
            this.timeout = wait;
            return this;
        }

        /** The sink. */
        public KafkaSink build() {
            if (brokers.isEmpty()) {
                throw new IllegalArgumentException("a KafkaSink needs at least one broker: call brokers(\"host:port\")");
            }
            return new KafkaSink(this);
        }
    }
}
