package io.waxwing.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The keys of one stateful step on one worker, each with its logic and the step's bookkeeping for
 * it: an open-addressing table whose keys' characters are copied into one shared array, so that
 * finding a key compares its hash and characters in a few arrays that stay in cache rather than
 * following a map entry, the stored {@code String} and its bytes (three objects spread over the
 * heap, none of them in cache when there are many keys). A slot's hash, the place of its
 * characters, its flags (taken, changed since the last snapshot) and the time of its queued wake
 * sit side by side in one {@code int} array; its logic, the time it asked to be woken at, the time
 * its wake is queued for and its key sit side by side in one {@code Object} array. So a value reads
 * a line of each, and the key's characters, before it reaches its logic, and no object of the
 * step's own per key. Linear probing, at most half full, removal by shifting the run back; a slot
 * is valid until the table next changes.
 *
 * <pre>{@code
 * KeyTable<Logic> keys = new KeyTable<>();
 * int slot = keys.put("a", logic);
 * keys.find("a") == slot;  keys.logic(slot) == logic;
 * keys.setNotifyAt(slot, at);  keys.markChanged(slot);
 * keys.remove("a");
 * }</pre>
 *
 * @param <L> the logic kept per key
 */
final class KeyTable<L> {
    private static final int MIN_BITS = 4;
    /** Ints per slot in {@link #meta}: hash, start, length, flags, the queued wake's nanoseconds (two). */
    private static final int STRIDE = 6;
    private static final int HASH = 0;
    private static final int START = 1;
    private static final int LENGTH = 2;
    private static final int FLAGS = 3;
    private static final int QUEUED_HIGH = 4;
    private static final int QUEUED_LOW = 5;
    private static final int TAKEN = 1;
    private static final int CHANGED = 2;
    /** References per slot in {@link #refs}: logic, notify-at, queued-at, key. */
    private static final int REFS = 4;
    private static final int LOGIC = 0;
    private static final int NOTIFY_AT = 1;
    private static final int QUEUED_AT = 2;
    private static final int KEY = 3;

    private int bits = MIN_BITS;
    /** Per slot, {@value #STRIDE} ints: the key's hash, where its characters start, how many, flags, queued nanos. */
    private int[] meta = new int[STRIDE << MIN_BITS];
    /** Per slot, {@value #REFS}: the key's logic ({@code null}: empty), its wake times and its string. */
    private Object[] refs = new Object[REFS << MIN_BITS];
    /** The keys' characters, one after the other; removed keys' characters stay until compacted. */
    private char[] chars = new char[256];
    private int charsUsed;
    private int charsFree;
    private int size;

    int size() {
        return size;
    }

    /** The logic in slot {@code i}, which {@link #find} gave. */
    @SuppressWarnings("unchecked")
    L logic(int i) {
        return (L) refs[REFS * i + LOGIC];
    }

    /** The key in slot {@code i}. */
    String key(int i) {
        return (String) refs[REFS * i + KEY];
    }

    /** When the logic in slot {@code i} last asked to be woken, or {@code null}. */
    Instant notifyAt(int i) {
        return (Instant) refs[REFS * i + NOTIFY_AT];
    }

    void setNotifyAt(int i, Instant at) {
        refs[REFS * i + NOTIFY_AT] = at;
    }

    /** The time of slot {@code i}'s live entry in the step's wake queue (that very object), or {@code null}. */
    Instant queuedAt(int i) {
        return (Instant) refs[REFS * i + QUEUED_AT];
    }

    /** {@link #queuedAt} in epoch nanoseconds (saturating); only meaningful while one is queued. */
    long queuedNanos(int i) {
        int m = STRIDE * i;
        return (long) meta[m + QUEUED_HIGH] << 32 | meta[m + QUEUED_LOW] & 0xFFFF_FFFFL;
    }

    /** Slot {@code i}'s live wake entry is now the one at {@code at} ({@code nanos}), or none ({@code null}). */
    void setQueued(int i, Instant at, long nanos) {
        refs[REFS * i + QUEUED_AT] = at;
        int m = STRIDE * i;
        meta[m + QUEUED_HIGH] = (int) (nanos >>> 32);
        meta[m + QUEUED_LOW] = (int) nanos;
    }

    /** Marks slot {@code i} changed since the last snapshot; {@code true} when it was not yet. */
    boolean markChanged(int i) {
        int m = STRIDE * i + FLAGS;
        int flags = meta[m];
        if ((flags & CHANGED) != 0) {
            return false;
        }
        meta[m] = flags | CHANGED;
        return true;
    }

    /** Slot {@code i} is snapshotted: unchanged from now on. */
    void clearChanged(int i) {
        meta[STRIDE * i + FLAGS] &= ~CHANGED;
    }

    /** The {@link WakeHeap#keyPrefix} of slot {@code i}'s key, from its characters here. */
    long keyPrefix(int i) {
        int m = STRIDE * i;
        return WakeHeap.keyPrefix(chars, meta[m + START], meta[m + LENGTH]);
    }

    /** The slot of {@code key}, valid until the table next changes, or -1. */
    int find(String key) {
        int h = key.hashCode();
        int mask = (1 << bits) - 1;
        for (int i = slot(h); ; i = (i + 1) & mask) {
            int m = i * STRIDE;
            if (meta[m + FLAGS] == 0) {
                return -1;
            }
            if (meta[m + HASH] == h && matches(m, key)) {
                return i;
            }
        }
    }

    /** Adds {@code key}, which must not be in the table, with its logic; returns its slot. */
    int put(String key, L logic) {
        if (logic == null) {
            throw new NullPointerException("logic");
        }
        if (2 * (size + 1) > 1 << bits) {
            resize(bits + 1);
        }
        int len = key.length();
        if (charsUsed + len > chars.length) {
            if (charsFree > charsUsed / 2) {
                compact();
            }
            if (charsUsed + len > chars.length) {
                chars = Arrays.copyOf(chars, Math.max(chars.length * 2, charsUsed + len));
            }
        }
        int start = charsUsed;
        key.getChars(0, len, chars, start);
        charsUsed += len;
        size++;
        int i = freeSlot(key.hashCode());
        int m = i * STRIDE;
        meta[m + HASH] = key.hashCode();
        meta[m + START] = start;
        meta[m + LENGTH] = len;
        meta[m + FLAGS] = TAKEN;
        refs[REFS * i + LOGIC] = logic;
        refs[REFS * i + KEY] = key;
        return i;
    }

    /** Removes {@code key} if it is in the table. */
    void remove(String key) {
        int i = find(key);
        if (i < 0) {
            return;
        }
        int mask = (1 << bits) - 1;
        charsFree += meta[i * STRIDE + LENGTH];
        size--;
        // Shift back every later entry of the run that may sit at or before the freed slot.
        int free = i;
        for (int j = (i + 1) & mask; meta[j * STRIDE + FLAGS] != 0; j = (j + 1) & mask) {
            int home = slot(meta[j * STRIDE + HASH]);
            boolean movable = free <= j ? home <= free || home > j : home <= free && home > j;
            if (movable) {
                move(j, free);
                free = j;
            }
        }
        clear(free);
    }

    /** The keys, in no particular order. */
    List<String> keys() {
        List<String> out = new ArrayList<>(size);
        for (int i = 0; i < 1 << bits; i++) {
            if (meta[i * STRIDE + FLAGS] != 0) {
                out.add(key(i));
            }
        }
        return out;
    }

    private int slot(int hash) {
        // Fibonacci hashing: the high bits of the product depend on every bit of the hash.
        return (hash * 0x9E3779B9) >>> (32 - bits);
    }

    /** Whether the characters of the slot whose metadata starts at {@code m} are {@code key}'s. */
    private boolean matches(int m, String key) {
        int len = key.length();
        if (meta[m + LENGTH] != len) {
            return false;
        }
        int start = meta[m + START];
        for (int c = 0; c < len; c++) {
            if (chars[start + c] != key.charAt(c)) {
                return false;
            }
        }
        return true;
    }

    /** The first empty slot of {@code hash}'s run. */
    private int freeSlot(int hash) {
        int mask = (1 << bits) - 1;
        int i = slot(hash);
        while (meta[i * STRIDE + FLAGS] != 0) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void move(int from, int to) {
        System.arraycopy(meta, from * STRIDE, meta, to * STRIDE, STRIDE);
        System.arraycopy(refs, from * REFS, refs, to * REFS, REFS);
    }

    private void clear(int i) {
        meta[i * STRIDE + FLAGS] = 0;
        Arrays.fill(refs, i * REFS, i * REFS + REFS, null);
    }

    private void resize(int newBits) {
        int[] oldMeta = meta;
        Object[] oldRefs = refs;
        int oldSlots = 1 << bits;
        bits = newBits;
        meta = new int[STRIDE << newBits];
        refs = new Object[REFS << newBits];
        for (int i = 0; i < oldSlots; i++) {
            if (oldMeta[i * STRIDE + FLAGS] != 0) {
                int to = freeSlot(oldMeta[i * STRIDE + HASH]);
                System.arraycopy(oldMeta, i * STRIDE, meta, to * STRIDE, STRIDE);
                System.arraycopy(oldRefs, i * REFS, refs, to * REFS, REFS);
            }
        }
    }

    /** Copies the live keys' characters to the front of the array, dropping removed keys'. */
    private void compact() {
        char[] fresh = new char[chars.length];
        int used = 0;
        for (int i = 0; i < 1 << bits; i++) {
            int m = i * STRIDE;
            if (meta[m + FLAGS] != 0) {
                int len = meta[m + LENGTH];
                System.arraycopy(chars, meta[m + START], fresh, used, len);
                meta[m + START] = used;
                used += len;
            }
        }
        chars = fresh;
        charsUsed = used;
        charsFree = 0;
    }
}
