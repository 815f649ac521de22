package io.waxwing.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One record read by a {@link KafkaSource}: its key and value as the broker holds them (bytes,
 * either may be {@code null}), where it was read from, its timestamp and its headers.
 *
 * <pre>{@code
 * kafka.map("words", msg -> msg.valueString())
 * kafka.map("orders", msg -> (Map<String, Object>) msg.valueJson())
 * }</pre>
 *
 * @param key       the record's key bytes, or {@code null}
 * @param value     the record's value bytes, or {@code null} (a tombstone)
 * @param topic     the topic it was read from
 * @param partition the topic partition
 * @param offset    its offset in that partition
 * @param timestamp its timestamp in milliseconds since the epoch (create or log-append time, as the
 *                  topic says), or -1 if the record has none
 * @param headers   its headers in record order, never {@code null}
 */
public record KafkaSourceMessage(byte[] key, byte[] value, String topic, int partition, long offset, long timestamp,
                                 List<KafkaHeader> headers) {

    public KafkaSourceMessage {
        Objects.requireNonNull(topic, "topic");
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    /** The key decoded as UTF-8, or {@code null}. */
    public String keyString() {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    /** The value decoded as UTF-8, or {@code null}. */
    public String valueString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /**
     * The value parsed as JSON (UTF-8): a {@code Map<String, Object>} (keys in document order), a
     * {@code List<Object>}, a {@code String}, a {@code Long} or {@code Double}, a {@code Boolean}
     * or {@code null}. A {@code null} value gives {@code null}.
     *
     * @throws IllegalArgumentException if the value is not JSON, naming topic, partition and
     *                                  offset and where the text goes wrong
     */
    public Object valueJson() {
        return parseJson(value, "value");
    }

    /** The key parsed as JSON, like {@link #valueJson()}. */
    public Object keyJson() {
        return parseJson(key, "key");
    }

    /** The record's timestamp as an {@link Instant}, or {@code null} if it has none. */
    public Instant timestampInstant() {
        return timestamp < 0 ? null : Instant.ofEpochMilli(timestamp);
    }

    /** The value of the last header named {@code name}, or {@code null}. */
    public byte[] header(String name) {
        for (int i = headers.size() - 1; i >= 0; i--) {
            if (headers.get(i).key().equals(name)) {
                return headers.get(i).value();
            }
        }
        return null;
    }

    /** Where the record was read from, as {@code topic/partition@offset}. */
    public String position() {
        return topic + "/" + partition + "@" + offset;
    }

    private Object parseJson(byte[] bytes, String what) {
        if (bytes == null) {
            return null;
        }
        try {
            return Json.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + what + " of the record at " + position() + " is not JSON: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaSourceMessage m && partition == m.partition && offset == m.offset
                && timestamp == m.timestamp && topic.equals(m.topic) && Arrays.equals(key, m.key)
                && Arrays.equals(value, m.value) && headers.equals(m.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset);
    }

    @Override
    public String toString() {
        return "KafkaSourceMessage[" + position() + ", key=" + keyString() + ", value=" + valueString() + "]";
    }
}
