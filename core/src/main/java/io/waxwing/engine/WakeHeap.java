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
 * q.add(at, "k", state);
 * while (!q.isEmpty() && !q.peekAt().isAfter(now)) { KeyState ks = q.peekOwner(); q.poll(); }
 * }</pre>
 *
 * @param <T> what an entry belongs to
 */
final class WakeHeap<T> {
    private long[] nanos = new long[16];
    private Instant[] ats = new Instant[16];
    private String[] keys = new String[16];
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

    void add(Instant at, String key, T owner) {
        if (size == nanos.length) {
            int n = size * 2;
            nanos = Arrays.copyOf(nanos, n);
            ats = Arrays.copyOf(ats, n);
            keys = Arrays.copyOf(keys, n);
            owners = Arrays.copyOf(owners, n);
        }
        long t = saturatingNanos(at);
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(t, at, key, parent)) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, t, at, key, owner);
    }

    /** Removes the earliest entry. */
    void poll() {
        int last = --size;
        long t = nanos[last];
        Instant at = ats[last];
        String key = keys[last];
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
            if (!earlierThan(child, t, at, key)) {
                break;
            }
            move(child, i);
            i = child;
        }
        set(i, t, at, key, owner);
    }

    /**
     * The order of wakes, here and in {@link WakeQueue}'s wheel: whether the wake at {@code t}
     * nanoseconds (exactly {@code at}) for {@code key} comes before the one at {@code u} ({@code bt})
     * for {@code bKey} — earlier, or at the same instant in key order. The nanoseconds decide
     * unless they are equal, so most comparisons read no object.
     */
    static boolean before(long t, Instant at, String key, long u, Instant bt, String bKey) {
        if (t != u) {
            return t < u;
        }
        int c = at.compareTo(bt);
        return c != 0 ? c < 0 : key.compareTo(bKey) < 0;
    }

    /** Whether entry {@code (t, at, key)} comes before entry {@code j}. */
    private boolean before(long t, Instant at, String key, int j) {
        return before(t, at, key, nanos[j], ats[j], keys[j]);
    }

    /** Whether entry {@code i} comes before entry {@code (t, at, key)}. */
    private boolean earlierThan(int i, long t, Instant at, String key) {
        return before(nanos[i], ats[i], keys[i], t, at, key);
    }

    private boolean earlier(int i, int j) {
        return before(nanos[i], ats[i], keys[i], j);
    }

    private void move(int from, int to) {
        nanos[to] = nanos[from];
        ats[to] = ats[from];
        keys[to] = keys[from];
        owners[to] = owners[from];
    }

    private void set(int i, long t, Instant at, String key, Object owner) {
        nanos[i] = t;
        ats[i] = at;
        keys[i] = key;
        owners[i] = owner;
    }
}
