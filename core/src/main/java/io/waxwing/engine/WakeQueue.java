package io.waxwing.engine;

import java.time.Instant;
import java.util.Arrays;

/**
 * The wake times of a stateful step's keys, earliest first and in key order at the same instant. A
 * timer wheel: the next {@value #SLOTS} ticks of about a millisecond ({@code 2^20} ns) each have a
 * bucket that adding an entry appends to, sorted only when it comes up; later entries wait in a
 * {@link WakeHeap} and move into the wheel as it turns. With many keys each asking to be woken
 * again and again, adding costs an append rather than a sift through a heap as large as all the
 * keys' entries, each step of which missed the cache. Entries are never removed from the middle:
 * the caller recognises a stale one (its key's live entry is another) when it comes up.
 *
 * <pre>{@code
 * WakeQueue<KeyState> q = new WakeQueue<>();
 * q.add(at, "k", state);
 * while (!q.isEmpty() && !q.peekAt().isAfter(now)) { KeyState ks = q.peekOwner(); q.poll(); }
 * }</pre>
 *
 * @param <T> what an entry belongs to
 */
final class WakeQueue<T> {
    private static final int TICK_SHIFT = 20;
    static final int SLOTS = 4096;
    private static final int MASK = SLOTS - 1;

    /** One tick's entries: in {@code [head, size)}, in order once {@link #sorted}. */
    private static final class Bucket {
        long[] nanos = new long[8];
        Instant[] ats = new Instant[8];
        String[] keys = new String[8];
        Object[] owners = new Object[8];
        int head;
        int size;
        boolean sorted = true;

        boolean isEmpty() {
            return head == size;
        }

        void append(long t, Instant at, String key, Object owner) {
            ensureRoom();
            set(size++, t, at, key, owner);
            sorted = sorted && (size - 1 == head || !before(t, at, key, size - 2));
        }

        /** Inserts in order into a sorted bucket. */
        void insert(long t, Instant at, String key, Object owner) {
            ensureRoom();
            int i = size;
            while (i > head && before(t, at, key, i - 1)) {
                nanos[i] = nanos[i - 1];
                ats[i] = ats[i - 1];
                keys[i] = keys[i - 1];
                owners[i] = owners[i - 1];
                i--;
            }
            set(i, t, at, key, owner);
            size++;
        }

        private void ensureRoom() {
            if (size < nanos.length) {
                return;
            }
            if (head > 0) {
                int n = size - head;
                System.arraycopy(nanos, head, nanos, 0, n);
                System.arraycopy(ats, head, ats, 0, n);
                System.arraycopy(keys, head, keys, 0, n);
                System.arraycopy(owners, head, owners, 0, n);
                Arrays.fill(ats, n, size, null);
                Arrays.fill(keys, n, size, null);
                Arrays.fill(owners, n, size, null);
                head = 0;
                size = n;
                if (size < nanos.length) {
                    return;
                }
            }
            int capacity = nanos.length * 2;
            nanos = Arrays.copyOf(nanos, capacity);
            ats = Arrays.copyOf(ats, capacity);
            keys = Arrays.copyOf(keys, capacity);
            owners = Arrays.copyOf(owners, capacity);
        }

        private void set(int i, long t, Instant at, String key, Object owner) {
            nanos[i] = t;
            ats[i] = at;
            keys[i] = key;
            owners[i] = owner;
        }

        /** Whether entry {@code (t, at, key)} comes before entry {@code j}. */
        boolean before(long t, Instant at, String key, int j) {
            if (t != nanos[j]) {
                return t < nanos[j];
            }
            int c = at.compareTo(ats[j]);
            return c != 0 ? c < 0 : key.compareTo(keys[j]) < 0;
        }

        void sort() {
            int n = size - head;
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = head + i;
            }
            Arrays.sort(order, (a, b) -> before(nanos[a], ats[a], keys[a], b) ? -1
                    : before(nanos[b], ats[b], keys[b], a) ? 1 : 0);
            long[] n2 = new long[nanos.length];
            Instant[] a2 = new Instant[nanos.length];
            String[] k2 = new String[nanos.length];
            Object[] o2 = new Object[nanos.length];
            for (int i = 0; i < n; i++) {
                int from = order[i];
                n2[i] = nanos[from];
                a2[i] = ats[from];
                k2[i] = keys[from];
                o2[i] = owners[from];
            }
            nanos = n2;
            ats = a2;
            keys = k2;
            owners = o2;
            head = 0;
            size = n;
            sorted = true;
        }

        /** Removes the first entry. */
        void poll() {
            ats[head] = null;
            keys[head] = null;
            owners[head] = null;
            head++;
            if (head == size) {
                head = 0;
                size = 0;
                sorted = true;
            }
        }

        void clear() {
            Arrays.fill(ats, head, size, null);
            Arrays.fill(keys, head, size, null);
            Arrays.fill(owners, head, size, null);
            head = 0;
            size = 0;
            sorted = true;
        }
    }

    private final Bucket[] wheel = new Bucket[SLOTS];
    private final WakeHeap<T> later = new WakeHeap<>();
    /** No entry is in a bucket of an earlier tick; an entry due before it is kept in its bucket. */
    private long cursor;
    private boolean started;
    private int inWheel;

    /** {@code at} in epoch nanoseconds, saturating: ties are broken by the exact instant. */
    static long saturatingNanos(Instant at) {
        return WakeHeap.saturatingNanos(at);
    }

    boolean isEmpty() {
        return inWheel == 0 && later.isEmpty();
    }

    int size() {
        return inWheel + later.size();
    }

    void clear() {
        for (Bucket b : wheel) {
            if (b != null) {
                b.clear();
            }
        }
        later.clear();
        inWheel = 0;
        started = false;
    }

    void add(Instant at, String key, T owner) {
        long t = saturatingNanos(at);
        long tick = t >> TICK_SHIFT;
        if (!started) {
            started = true;
            cursor = tick;
        }
        if (tick - cursor >= SLOTS) {
            later.add(at, key, owner);
            return;
        }
        toWheel(Math.max(tick, cursor), t, at, key, owner);
    }

    private void toWheel(long tick, long t, Instant at, String key, Object owner) {
        int slot = (int) (tick & MASK);
        Bucket b = wheel[slot];
        if (b == null) {
            b = new Bucket();
            wheel[slot] = b;
        }
        if (tick == cursor && b.sorted && !b.isEmpty()) {
            b.insert(t, at, key, owner);
        } else {
            b.append(t, at, key, owner);
        }
        inWheel++;
    }

    /** The bucket of the earliest entry, sorted; the queue must not be empty. */
    private Bucket first() {
        while (true) {
            Bucket b = wheel[(int) (cursor & MASK)];
            if (b != null && !b.isEmpty()) {
                if (!b.sorted) {
                    b.sort();
                }
                return b;
            }
            // Turn the wheel: to the next tick, or straight to the first later entry's.
            cursor = inWheel == 0 ? Math.max(cursor + 1, later.peekNanos() >> TICK_SHIFT) : cursor + 1;
            while (!later.isEmpty() && (later.peekNanos() >> TICK_SHIFT) - cursor < SLOTS) {
                long t = later.peekNanos();
                toWheel(Math.max(t >> TICK_SHIFT, cursor), t, later.peekAt(), later.peekKey(), later.peekOwner());
                later.poll();
            }
        }
    }

    Instant peekAt() {
        Bucket b = first();
        return b.ats[b.head];
    }

    String peekKey() {
        Bucket b = first();
        return b.keys[b.head];
    }

    @SuppressWarnings("unchecked")
    T peekOwner() {
        Bucket b = first();
        return (T) b.owners[b.head];
    }

    /** Removes the earliest entry. */
    void poll() {
        first().poll();
        inWheel--;
    }
}
