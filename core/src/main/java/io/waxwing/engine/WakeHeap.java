package io.waxwing.engine;

import java.time.Instant;
import java.util.Arrays;

/**
 * Wake times earliest first and in key order at the same instant (the part of a {@link WakeQueue}
 * beyond its wheel): a binary heap kept in parallel arrays whose order is decided by a {@code long} (the time in epoch
 * nanoseconds, saturating) before anything else, so that sifting an entry touches no object but a
 * tie's. Entries are never removed from the middle: the caller recognises a stale one (its key's
 * live entry is another) when it comes up.
 *
 * <pre>{@code
 * WakeHeap<KeyState> q = new WakeHeap<>();
 * q.add(at, "k", WakeHeap.keyPrefix("k"), state);
 * while (!q.isEmpty() && !q.peekAt().isAfter(now)) { KeyState ks = q.peekOwner(); q.poll(); }
 * }</pre>
 *
 * @param <T> what an entry belongs to
 */
final class WakeHeap<T> {
    private long[] nanos = new long[16];
    private Instant[] ats = new Instant[16];
    private String[] keys = new String[16];
    private long[] prefixes = new long[16];
    private Object[] owners = new Object[16];
    private int size;

    /** {@code at} in epoch nanoseconds, saturating: ties are broken by the exact instant. */
    static long saturatingNanos(Instant at) {
        long seconds = at.getEpochSecond();
        if (seconds >= Long.MAX_VALUE / 1_000_000_000L) {
            return Long.MAX_VALUE;
        }
        if (seconds <= Long.MIN_VALUE / 1_000_000_000L) {
            return Long.MIN_VALUE;
        }
        return seconds * 1_000_000_000L + at.getNano();
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void clear() {
        Arrays.fill(ats, 0, size, null);
        Arrays.fill(keys, 0, size, null);
        Arrays.fill(owners, 0, size, null);
        size = 0;
    }

    long peekPrefix() {
        return prefixes[0];
    }

    long peekNanos() {
        return nanos[0];
    }

    Instant peekAt() {
        return ats[0];
    }

    String peekKey() {
        return keys[0];
    }

    @SuppressWarnings("unchecked")
    T peekOwner() {
        return (T) owners[0];
    }

    void add(Instant at, String key, long prefix, T owner) {
        if (size == nanos.length) {
            int n = size * 2;
            nanos = Arrays.copyOf(nanos, n);
            ats = Arrays.copyOf(ats, n);
            keys = Arrays.copyOf(keys, n);
            prefixes = Arrays.copyOf(prefixes, n);
            owners = Arrays.copyOf(owners, n);
        }
        long t = saturatingNanos(at);
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(t, at, key, prefix, parent)) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, t, at, key, prefix, owner);
    }

    /** Removes the earliest entry. */
    void poll() {
        int last = --size;
        long t = nanos[last];
        Instant at = ats[last];
        String key = keys[last];
        long prefix = prefixes[last];
        Object owner = owners[last];
        ats[last] = null;
        keys[last] = null;
        owners[last] = null;
        if (last == 0) {
            return;
        }
        int i = 0;
        int half = last >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < last && earlier(right, child)) {
                child = right;
            }
            if (!earlierThan(child, t, at, key, prefix)) {
                break;
            }
            move(child, i);
            i = child;
        }
        set(i, t, at, key, prefix, owner);
    }

    /**
     * The order of wakes, here and in {@link WakeQueue}'s wheel: negative when the wake at {@code t}
     * nanoseconds (exactly {@code at}) for {@code key} (whose {@link #keyPrefix} is {@code prefix})
     * comes before the one at {@code u} ({@code bt}) for {@code bKey} — earlier, or at the same
     * instant in key order — positive when after, zero when both are the same. The nanoseconds
     * decide unless they are equal, and the keys' prefixes unless those are equal too: with many
     * keys woken at the same instant (every key a batch touched asks for the same time), most
     * comparisons read neither an instant nor a key's characters, which are long out of the cache.
     */
    static int compare(long t, Instant at, String key, long prefix, long u, Instant bt, String bKey, long bPrefix) {
        if (t != u) {
            return t < u ? -1 : 1;
        }
        if (t == Long.MIN_VALUE || t == Long.MAX_VALUE) {
            // Saturated: the instants may differ. Anywhere else equal nanoseconds are equal instants.
            int c = at.compareTo(bt);
            if (c != 0) {
                return c;
            }
        }
        if (prefix != bPrefix) {
            return Long.compareUnsigned(prefix, bPrefix);
        }
        return key.compareTo(bKey);
    }

    /**
     * The first bytes of an order-preserving encoding of {@code key}'s characters, as an unsigned
     * number: where two keys' prefixes differ, they are in the order of the keys
     * ({@link String#compareTo}); where they are equal, only the keys can tell. A character below
     * {@code 0xFF} is one byte, any other is {@code 0xFF} and its two bytes, so short and Latin-1
     * keys of up to eight characters are told apart by their prefixes alone.
     */
    static long keyPrefix(String key) {
        long prefix = 0;
        int bytes = 0;
        for (int i = 0; i < key.length() && bytes < Long.BYTES; i++) {
            char c = key.charAt(i);
            int code = c < 0xFF ? c : 0xFF_0000 | c;
            for (int shift = c < 0xFF ? 0 : 16; shift >= 0 && bytes < Long.BYTES; shift -= 8) {
                prefix = prefix << 8 | (code >>> shift & 0xFF);
                bytes++;
            }
        }
        return bytes == 0 ? 0 : prefix << (Long.BYTES - bytes) * 8;
    }

    /** Whether entry {@code (t, at, key, prefix)} comes before entry {@code j}. */
    private boolean before(long t, Instant at, String key, long prefix, int j) {
        return compare(t, at, key, prefix, nanos[j], ats[j], keys[j], prefixes[j]) < 0;
    }

    /** Whether entry {@code i} comes before entry {@code (t, at, key, prefix)}. */
    private boolean earlierThan(int i, long t, Instant at, String key, long prefix) {
        return compare(nanos[i], ats[i], keys[i], prefixes[i], t, at, key, prefix) < 0;
    }

    private boolean earlier(int i, int j) {
        return before(nanos[i], ats[i], keys[i], prefixes[i], j);
    }

    private void move(int from, int to) {
        nanos[to] = nanos[from];
        ats[to] = ats[from];
        keys[to] = keys[from];
        prefixes[to] = prefixes[from];
        owners[to] = owners[from];
    }

    private void set(int i, long t, Instant at, String key, long prefix, Object owner) {
        nanos[i] = t;
        ats[i] = at;
        keys[i] = key;
        prefixes[i] = prefix;
        owners[i] = owner;
    }
}
