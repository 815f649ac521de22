package io.waxwing.operators;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A per-worker cache of looked-up values, each kept for a time-to-live, given to the mapper of
 * {@link io.waxwing.dataflow.Stream#enrichCached enrichCached}. Not thread-safe: each worker has
 * its own.
 *
 * <pre>{@code
 * stream.enrichCached("rate", currency -> ratesApi.fetch(currency),
 *         (cache, trade) -> trade.amount() * cache.get(trade.currency()));
 * }</pre>
 *
 * @param <V> the looked-up value type
 */
public final class TtlCache<V> {
    private record Entry<V>(V value, Instant fetchedAt) {
    }

    private final Function<String, ? extends V> getter;
    private final Duration ttl;
    private final InstantSource clock;
    private final Map<String, Entry<V>> entries = new HashMap<>();

    public TtlCache(Function<String, ? extends V> getter, Duration ttl, InstantSource clock) {
        this.getter = Objects.requireNonNull(getter, "getter");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The cached value for {@code key}, calling the getter if it is absent or older than the ttl. */
    public V get(String key) {
        Instant now = clock.instant();
        Entry<V> e = entries.get(key);
        if (e == null || Duration.between(e.fetchedAt(), now).compareTo(ttl) > 0) {
            e = new Entry<>(getter.apply(key), now);
            entries.put(key, e);
        }
        return e.value();
    }

    /** Forgets {@code key}, so the next {@link #get} calls the getter. */
    public void remove(String key) {
        entries.remove(key);
    }
}
