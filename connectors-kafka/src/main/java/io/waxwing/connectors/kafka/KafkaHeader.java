package io.waxwing.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One header of a Kafka record: a string key and a value of raw bytes ({@code null} allowed).
 *
 * <pre>{@code new KafkaHeader("trace-id", "abc".getBytes(UTF_8))}</pre>
 *
 * @param key   the header's name
 * @param value its bytes, or {@code null}
 */
public record KafkaHeader(String key, byte[] value) {

    public KafkaHeader {
        Objects.requireNonNull(key, "key");
    }

    /** A header whose value is {@code value} in UTF-8. */
    public static KafkaHeader of(String key, String value) {
        return new KafkaHeader(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** The value decoded as UTF-8, or {@code null}. */
    public String valueString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaHeader h && key.equals(h.key) && Arrays.equals(value, h.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return key + "=" + (value == null ? "null" : valueString());
    }
}
