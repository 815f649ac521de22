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

        /**
         * Sorts the bucket: by nanoseconds as one primitive sort of {@code (offset << 20 | index)}
         * when the offsets fit, then each run of equal nanoseconds by instant and key.
         */
        void sort() {
            int n = size - head;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = head; i < size; i++) {
                min = Math.min(min, nanos[i]);
                max = Math.max(max, nanos[i]);
            }
            int[] order = new int[n];
            if (n < (1 << 20) && max - min >= 0 && max - min < (1L << 43)) {
                long[] packed = new long[n];
                for (int i = 0; i < n; i++) {
                    packed[i] = ((nanos[head + i] - min) << 20) | i;
                }
                Arrays.sort(packed);
                for (int i = 0; i < n; i++) {
                    order[i] = head + (int) (packed[i] & 0xFFFFF);
                }
                // Equal nanoseconds (rare): insertion sort of the run by the exact instant, then key.
                for (int i = 1; i < n; i++) {
                    int x = order[i];
                    int j = i;
                    while (j > 0 && nanos[order[j - 1]] == nanos[x] && before(nanos[x], ats[x], keys[x], order[j - 1])) {
                        order[j] = order[j - 1];
                        j--;
                    }
                    order[j] = x;
                }
            } else {
                Integer[] boxed = new Integer[n];
                for (int i = 0; i < n; i++) {
                    boxed[i] = head + i;
                }
                Arrays.sort(boxed, (a, b) -> before(nanos[a], ats[a], keys[a], b) ? -1
                        : before(nanos[b], ats[b], keys[b], a) ? 1 : 0);
                for (int i = 0; i < n; i++) {
                    order[i] = boxed[i];
                }
            }
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
    /**
     * The tick of the last entry taken (at first, of the first entry added): every entry in the
     * wheel is at this tick or after it and less than {@value #SLOTS} ticks after it, every entry in
     * {@link #later} at least that far; an entry added for an earlier tick (due already) goes into
     * this tick's bucket in order. It only moves as entries are taken, which happens when they are
     * due, so it never runs ahead of the present.
     */
    private long cursor;
    /** No bucket of an earlier tick (and not before {@link #cursor}) holds an entry. */
    private long low;
    /** No entry in the wheel is at a later tick (a bound: it may be later than the last one). */
    private long maxTick;
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
            low = tick;
        }
        if (tick < cursor && (inWheel == 0 || maxTick - tick < SLOTS)) {
            // Earlier than the last entry taken (or than the first one added, before any was
            // taken): turn the wheel back rather than crowd this tick's bucket, as far as every
            // entry in the wheel stays within its reach.
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
        // The earliest bucket, which may be being taken from, stays sorted; any other is sorted
        // once, when it comes up.
        if (tick == low && inWheel > 0 && b.sorted && !b.isEmpty() && b.before(t, at, key, b.size - 1)) {
            b.insert(t, at, key, owner);
        } else {
            b.append(t, at, key, owner);
        }
        if (inWheel == 0 || tick < low) {
            low = tick;
        }
        if (inWheel == 0 || tick > maxTick) {
            maxTick = tick;
        }
        inWheel++;
    }

    /** The bucket of the earliest entry in the wheel, sorted; the wheel must not be empty. */
    private Bucket first() {
        while (true) {
            Bucket b = wheel[(int) (low & MASK)];
            if (b != null && !b.isEmpty()) {
                if (!b.sorted) {
                    b.sort();
                }
                return b;
            }
            low++;
        }
    }

    Instant peekAt() {
        if (inWheel == 0) {
            return later.peekAt();
        }
        Bucket b = first();
        return b.ats[b.head];
    }

    String peekKey() {
        if (inWheel == 0) {
            return later.peekKey();
        }
        Bucket b = first();
        return b.keys[b.head];
    }

    @SuppressWarnings("unchecked")
    T peekOwner() {
        if (inWheel == 0) {
            return later.peekOwner();
        }
        Bucket b = first();
        return (T) b.owners[b.head];
    }

    /**
     * Turns the wheel to the present (or to its earliest entry, if that is earlier), so that the
     * entries added next land in buckets of their own rather than in the one it stands at.
     */
    void advance(Instant now) {
        long tick = saturatingNanos(now) >> TICK_SHIFT;
        if (!started) {
            started = true;
            cursor = tick;
            low = tick;
            return;
        }
        if (inWheel > 0) {
            first();
            tick = Math.min(tick, low);
        }
        if (tick > cursor) {
            cursor = tick;
            fromLater();
        }
    }

    /** Removes the earliest entry, and turns the wheel to its tick. */
    void poll() {
        if (inWheel == 0) {
            cursor = later.peekNanos() >> TICK_SHIFT;
            later.poll();
        } else {
            first().poll();
            inWheel--;
            cursor = low;
        }
        fromLater();
    }

    /** Moves the entries of {@link #later} that the wheel now reaches into it. */
    private void fromLater() {
        while (!later.isEmpty() && (later.peekNanos() >> TICK_SHIFT) - cursor < SLOTS) {
            long t = later.peekNanos();
            toWheel(Math.max(t >> TICK_SHIFT, cursor), t, later.peekAt(), later.peekKey(), later.peekOwner());
            later.poll();
        }
    }
}
