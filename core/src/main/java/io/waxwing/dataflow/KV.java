package io.waxwing.dataflow;

/**
 * A keyed item: the element type of every {@link KeyedStream}. Keys are strings, as in Bytewax,
 * so that they route to the same worker in every JVM.
 *
 * <pre>{@code
 * KeyedStream<Integer> byUser = events.keyOn("key", e -> e.user()).mapValue("amount", Event::amount);
 * KV<Integer> first = new KV<>("alice", 3);
 * }</pre>
 *
 * @param key   the routing key; never {@code null}
 * @param value the value, which may be {@code null}
 */
public record KV<V>(String key, V value) {
    public KV {
        if (key == null) {
            throw new IllegalArgumentException("a KV key must not be null");
        }
    }

    /** Shorthand for {@code new KV<>(key, value)}. */
    public static <V> KV<V> of(String key, V value) {
        return new KV<>(key, value);
    }
}
