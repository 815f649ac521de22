package io.waxwing.engine;

import java.time.Instant;
import java.util.Arrays;

/**
 * The wake times of a stateful step's keys, earliest first and in key order at the same instant:
 * a binary heap kept in parallel arrays whose order is decided by a {@code long} (the time in epoch
 * nanoseconds, saturating) before anything else, so that sifting an entry touches no object but a
 * tie's. An owner has at most one entry: adding it again moves its entry to the new time (an
 * owner knows its place in the heap, {@link Slot}), so the heap never holds more entries than
 * owners and nothing stale has to be sifted out.
 *
 * <pre>{@code
 * WakeQueue<KeyState> q = new WakeQueue<>();   // KeyState extends WakeQueue.Slot
 * q.add(at, "k", state);
 * while (!q.isEmpty() && !q.peekAt().isAfter(now)) { KeyState ks = q.peekOwner(); q.poll(); }
 * }</pre>
 *
 * @param <T> what an entry belongs to
 */
final class WakeQueue<T extends WakeQueue.Slot> {
    /** What an entry belongs to: it remembers where its entry is. */
    static class Slot {
        /** The index of this owner's entry in the heap, or -1. */
        int heapIndex = -1;

        boolean queued() {
            return heapIndex >= 0;
        }
    }

    private long[] nanos = new long[16];
    private Instant[] ats = new Instant[16];
    private String[] keys = new String[16];
    private Slot[] owners = new Slot[16];
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
        for (int i = 0; i < size; i++) {
            owners[i].heapIndex = -1;
        }
        Arrays.fill(ats, 0, size, null);
        Arrays.fill(keys, 0, size, null);
        Arrays.fill(owners, 0, size, null);
        size = 0;
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

    /** Queues {@code owner} at {@code at}, moving its entry there if it has one. */
    void add(Instant at, String key, T owner) {
        if (owner.heapIndex >= 0) {
            int i = owner.heapIndex;
            long t = saturatingNanos(at);
            boolean earlier = before(t, at, key, i);
            set(i, t, at, key, owner);
            if (earlier) {
                siftUp(i);
            } else {
                siftDown(i);
            }
            return;
        }
        if (size == nanos.length) {
            int n = size * 2;
            nanos = Arrays.copyOf(nanos, n);
            ats = Arrays.copyOf(ats, n);
            keys = Arrays.copyOf(keys, n);
            owners = Arrays.copyOf(owners, n);
        }
        int i = size++;
        set(i, saturatingNanos(at), at, key, owner);
        siftUp(i);
    }

    private void siftUp(int index) {
        long t = nanos[index];
        Instant at = ats[index];
        String key = keys[index];
        Slot owner = owners[index];
        int i = index;
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
        owners[0].heapIndex = -1;
        int last = --size;
        if (last > 0) {
            move(last, 0);
        }
        ats[last] = null;
        keys[last] = null;
        owners[last] = null;
        if (last > 0) {
            siftDown(0);
        }
    }

    private void siftDown(int index) {
        long t = nanos[index];
        Instant at = ats[index];
        String key = keys[index];
        Slot owner = owners[index];
        int last = size;
        int i = index;
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

    /** Whether entry {@code (t, at, key)} comes before entry {@code j}. */
    private boolean before(long t, Instant at, String key, int j) {
        if (t != nanos[j]) {
            return t < nanos[j];
        }
        int c = at.compareTo(ats[j]);
        return c != 0 ? c < 0 : key.compareTo(keys[j]) < 0;
    }

    /** Whether entry {@code i} comes before entry {@code (t, at, key)}. */
    private boolean earlierThan(int i, long t, Instant at, String key) {
        if (nanos[i] != t) {
            return nanos[i] < t;
        }
        int c = ats[i].compareTo(at);
        return c != 0 ? c < 0 : keys[i].compareTo(key) < 0;
    }

    private boolean earlier(int i, int j) {
        return before(nanos[i], ats[i], keys[i], j);
    }

    private void move(int from, int to) {
        nanos[to] = nanos[from];
        ats[to] = ats[from];
        keys[to] = keys[from];
        owners[to] = owners[from];
        owners[to].heapIndex = to;
    }

    private void set(int i, long t, Instant at, String key, Slot owner) {
        nanos[i] = t;
        ats[i] = at;
        keys[i] = key;
        owners[i] = owner;
        owner.heapIndex = i;
    }
}
