package io.waxwing.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One record for a {@link KafkaSink}: key and value bytes (either may be {@code null}), and
 * optionally its own topic (else the sink's default topic), headers, partition (else the
 * producer's partitioner picks one from the key) and timestamp.
 *
 * <pre>{@code
 * KafkaSinkMessage.of("word", "42")
 * KafkaSinkMessage.of("word", "42").withTopic("counts").withHeaders(List.of(KafkaHeader.of("run", "7")))
 * }</pre>
 *
 * @param key       the key bytes, or {@code null}
 * @param value     the value bytes, or {@code null}
 * @param topic     the topic, or {@code null} for the sink's default topic
 * @param headers   headers, never {@code null}
 * @param partition the partition, or {@code null} to let the producer choose
 * @param timestamp the timestamp in epoch milliseconds, or {@code null} for the time of sending
 */
public record KafkaSinkMessage(byte[] key, byte[] value, String topic, List<KafkaHeader> headers, Integer partition,
                               Long timestamp) {

    public KafkaSinkMessage {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    /** A message with these key and value bytes, for the sink's default topic. */
    public static KafkaSinkMessage of(byte[] key, byte[] value) {
        return new KafkaSinkMessage(key, value, null, List.of(), null, null);
    }

    /** A message with this key and value in UTF-8 ({@code null} allowed), for the default topic. */
    public static KafkaSinkMessage of(String key, String value) {
        return of(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** This message for {@code topic}. */
    public KafkaSinkMessage withTopic(String topic) {
        return new KafkaSinkMessage(key, value, Objects.requireNonNull(topic, "topic"), headers, partition, timestamp);
    }

    /** This message with these headers instead of its own. */
    public KafkaSinkMessage withHeaders(List<KafkaHeader> headers) {
        return new KafkaSinkMessage(key, value, topic, headers, partition, timestamp);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaSinkMessage m && Arrays.equals(key, m.key) && Arrays.equals(value, m.value)
                && Objects.equals(topic, m.topic) && headers.equals(m.headers) && Objects.equals(partition, m.partition)
                && Objects.equals(timestamp, m.timestamp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(key), Arrays.hashCode(value), topic);
    }

    @Override
    public String toString() {
        return "KafkaSinkMessage[topic=" + topic + ", key=" + (key == null ? null : new String(key, StandardCharsets.UTF_8))
                + ", value=" + (value == null ? null : new String(value, StandardCharsets.UTF_8)) + "]";
    }
}
