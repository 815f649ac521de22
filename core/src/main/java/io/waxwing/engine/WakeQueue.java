package io.waxwing.engine;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;

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
 * q.add(at, "k", WakeQueue.keyPrefix("k"), state);
 * while (!q.isEmpty() && !q.peekAt().isAfter(now)) { KeyState ks = q.peekOwner(); q.poll(); }
 * }</pre>
 *
 * @param <T> what an entry belongs to
 */
final class WakeQueue<T> {
    private static final int TICK_SHIFT = 20;
    static final int SLOTS = 4096;
    private static final int MASK = SLOTS - 1;

    /**
     * One wake: its time (nanoseconds first, the exact instant for ties), its key (with the key's
     * {@link WakeHeap#keyPrefix}, which orders most ties) and its owner.
     */
    private record Entry(long nanos, Instant at, String key, long prefix, Object owner) {
        /** Whether this entry comes before {@code o}: earlier, or at the same instant in key order. */
        boolean before(Entry o) {
            return compareTo(o) < 0;
        }

        int compareTo(Entry o) {
            return WakeHeap.compare(nanos, at, key, prefix, o.nanos, o.at, o.key, o.prefix);
        }
    }

    private static final Comparator<Entry> ORDER = Entry::compareTo;

    /**
     * One tick's entries: in {@code [head, size)}, in order once {@link #sorted}. One array of
     * entries, so that adding to a bucket touches the bucket and the end of its array, and the
     * entry just made.
     */
    private static final class Bucket {
        Entry[] entries = new Entry[8];
        int head;
        int size;
        boolean sorted = true;

        boolean isEmpty() {
            return head == size;
        }

        Entry first() {
            return entries[head];
        }

        Entry last() {
            return entries[size - 1];
        }

        void append(Entry e) {
            ensureRoom();
            entries[size++] = e;
            sorted = sorted && (size - 1 == head || !e.before(entries[size - 2]));
        }

        /** Inserts in order into a sorted bucket: after every entry it does not come before. */
        void insert(Entry e) {
            ensureRoom();
            int lo = head;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (e.before(entries[mid])) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            System.arraycopy(entries, lo, entries, lo + 1, size - lo);
            entries[lo] = e;
            size++;
        }

        private void ensureRoom() {
            if (size < entries.length) {
                return;
            }
            if (head > 0) {
                int n = size - head;
                System.arraycopy(entries, head, entries, 0, n);
                Arrays.fill(entries, n, size, null);
                head = 0;
                size = n;
                if (size < entries.length) {
                    return;
                }
            }
            entries = Arrays.copyOf(entries, entries.length * 2);
        }

        void sort() {
            Arrays.sort(entries, head, size, ORDER);
            sorted = true;
        }

        /** Removes the first entry. */
        void poll() {
            entries[head] = null;
            head++;
            if (head == size) {
                head = 0;
                size = 0;
                sorted = true;
            }
        }

        void clear() {
            Arrays.fill(entries, head, size, null);
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

    /** What {@link #add} takes with a key: its {@link WakeHeap#keyPrefix}, worked out once per key. */
    static long keyPrefix(String key) {
        return WakeHeap.keyPrefix(key);
    }

    void add(Instant at, String key, long prefix, T owner) {
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
            later.add(at, key, prefix, owner);
            return;
        }
        toWheel(Math.max(tick, cursor), t, at, key, prefix, owner);
    }

    private void toWheel(long tick, long t, Instant at, String key, long prefix, Object owner) {
        Entry e = new Entry(t, at, key, prefix, owner);
        int slot = (int) (tick & MASK);
        Bucket b = wheel[slot];
        if (b == null) {
            b = new Bucket();
            wheel[slot] = b;
        }
        // The earliest bucket, which may be being taken from, stays sorted; any other is sorted
        // once, when it comes up.
        if (tick == low && inWheel > 0 && b.sorted && !b.isEmpty() && e.before(b.last())) {
            b.insert(e);
        } else {
            b.append(e);
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
        return first().first().at;
    }

    String peekKey() {
        if (inWheel == 0) {
            return later.peekKey();
        }
        return first().first().key;
    }

    @SuppressWarnings("unchecked")
    T peekOwner() {
        if (inWheel == 0) {
            return later.peekOwner();
        }
        return (T) first().first().owner;
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
            toWheel(Math.max(t >> TICK_SHIFT, cursor), t, later.peekAt(), later.peekKey(), later.peekPrefix(),
                    later.peekOwner());
            later.poll();
        }
    }
}
