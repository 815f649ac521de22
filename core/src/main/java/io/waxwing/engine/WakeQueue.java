package io.waxwing.engine;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The wake times of a stateful step's keys, earliest first and in key order at the same instant. A
 * timer wheel: the next {@value #SLOTS} ticks of about a millisecond ({@code 2^20} ns) each have a
 * list of entries that adding one pushes onto, sorted only when its tick comes up; later entries
 * wait in a {@link WakeHeap} and move into the wheel as it turns. With many keys each asking to be
 * woken again and again, adding costs a push onto a list whose head sits in one array of the
 * wheel's, rather than a sift through a heap as large as all the keys' entries (each step of which
 * missed the cache) or an append to a bucket of its own (whose object and array missed it). Entries
 * are never removed from the middle: the caller recognises a stale one (its key's live entry is
 * another) when it comes up.
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
     * {@link WakeHeap#keyPrefix}, which orders most ties) and its owner; and the next entry of its
     * tick's list.
     */
    private static final class Entry {
        final long nanos;
        final Instant at;
        final String key;
        final long prefix;
        final Object owner;
        Entry next;

        Entry(long nanos, Instant at, String key, long prefix, Object owner) {
            this.nanos = nanos;
            this.at = at;
            this.key = key;
            this.prefix = prefix;
            this.owner = owner;
        }

        /** Whether this entry comes before {@code o}: earlier, or at the same instant in key order. */
        boolean before(Entry o) {
            return compareTo(o) < 0;
        }

        int compareTo(Entry o) {
            return WakeHeap.compare(nanos, at, key, prefix, o.nanos, o.at, o.key, o.prefix);
        }
    }

    private static final Comparator<Entry> ORDER = Entry::compareTo;

    /** Per slot, the entries of its tick but those in {@link #current}: a list, newest first. */
    private final Entry[] lists = new Entry[SLOTS];
    /**
     * The entries of the earliest tick, {@link #currentTick}, in order in {@code [head, size)}: its
     * list, sorted when it came up, and the entries added for that tick since, inserted in order.
     */
    private Entry[] current = new Entry[16];
    private int head;
    private int size;
    private long currentTick;
    private final WakeHeap<T> later = new WakeHeap<>();
    /**
     * The tick of the last entry taken (at first, of the first entry added): every entry in the
     * wheel is at this tick or after it and less than {@value #SLOTS} ticks after it, every entry in
     * {@link #later} at least that far; an entry added for an earlier tick (due already) goes into
     * this tick's list. It only moves as entries are taken, which happens when they are due, so it
     * never runs ahead of the present.
     */
    private long cursor;
    /** No list of an earlier tick (and not before {@link #cursor}) holds an entry. */
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
        Arrays.fill(lists, null);
        Arrays.fill(current, head, size, null);
        head = 0;
        size = 0;
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
            // taken): turn the wheel back rather than crowd this tick's list, as far as every
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
        if (head < size) {
            if (tick == currentTick) {
                insertCurrent(e);
                count(tick);
                return;
            }
            if (tick < currentTick) {
                // No longer the earliest tick: its entries go back to its list, to be sorted again.
                spillCurrent();
            }
        }
        int slot = (int) (tick & MASK);
        e.next = lists[slot];
        lists[slot] = e;
        count(tick);
    }

    /** Counts an entry added to the wheel at {@code tick}. */
    private void count(long tick) {
        if (inWheel == 0 || tick < low) {
            low = tick;
        }
        if (inWheel == 0 || tick > maxTick) {
            maxTick = tick;
        }
        inWheel++;
    }

    /** Inserts into {@link #current} in order: after every entry it does not come before. */
    private void insertCurrent(Entry e) {
        if (size == current.length) {
            if (head > 0) {
                System.arraycopy(current, head, current, 0, size - head);
                Arrays.fill(current, size - head, size, null);
                size -= head;
                head = 0;
            } else {
                current = Arrays.copyOf(current, current.length * 2);
            }
        }
        int lo = head;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (e.before(current[mid])) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        System.arraycopy(current, lo, current, lo + 1, size - lo);
        current[lo] = e;
        size++;
    }

    /** Puts {@link #current}'s entries back on their tick's list. */
    private void spillCurrent() {
        int slot = (int) (currentTick & MASK);
        for (int i = head; i < size; i++) {
            current[i].next = lists[slot];
            lists[slot] = current[i];
            current[i] = null;
        }
        head = 0;
        size = 0;
    }

    /**
     * The earliest entry in the wheel, which must not be empty: the earliest tick's list is taken
     * into {@link #current} and sorted when it comes up.
     */
    private Entry first() {
        if (head < size) {
            return current[head];
        }
        int slot = (int) (low & MASK);
        while (lists[slot] == null) {
            low++;
            slot = (int) (low & MASK);
        }
        int n = 0;
        for (Entry e = lists[slot]; e != null; e = e.next) {
            n++;
        }
        if (current.length < n) {
            current = new Entry[Math.max(n, current.length * 2)];
        }
        Entry e = lists[slot];
        lists[slot] = null;
        for (int i = 0; i < n; i++) {
            Entry next = e.next;
            e.next = null;
            current[i] = e;
            e = next;
        }
        head = 0;
        size = n;
        currentTick = low;
        Arrays.sort(current, 0, n, ORDER);
        return current[0];
    }

    Instant peekAt() {
        if (inWheel == 0) {
            return later.peekAt();
        }
        return first().at;
    }

    /** {@link #peekAt()} in epoch nanoseconds (saturating), read without the instant itself. */
    long peekNanos() {
        if (inWheel == 0) {
            return later.peekNanos();
        }
        return first().nanos;
    }

    String peekKey() {
        if (inWheel == 0) {
            return later.peekKey();
        }
        return first().key;
    }

    @SuppressWarnings("unchecked")
    T peekOwner() {
        if (inWheel == 0) {
            return later.peekOwner();
        }
        return (T) first().owner;
    }

    /**
     * Turns the wheel to the present (or to its earliest entry, if that is earlier), so that the
     * entries added next land in lists of their own rather than in the one it stands at.
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
            first();
            current[head] = null;
            head++;
            if (head == size) {
                head = 0;
                size = 0;
            }
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
