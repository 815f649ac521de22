package io.waxwing.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The keys of one stateful step on one worker and their states: an open-addressing table whose
 * keys' characters are copied into one shared array, so that finding a key compares its hash and
 * characters in a few arrays that stay in cache rather than following a map entry, the stored
 * {@code String} and its bytes (three objects spread over the heap, none of them in cache when there
 * are many keys). A slot's hash and the place of its characters sit side by side in one {@code int}
 * array, eight slots to a cache line; a key's length is stored in front of its characters, which
 * the lookup reads anyway. At most three quarters full, so that for 10 000 keys this array and
 * the next take 128 KB each and stay in a core's second-level cache. A key's state and the logic it
 * runs sit side by side in one {@code Object} array: both are known from the slot, so the caller can
 * start on the logic without first loading the state that also refers to it. Linear probing,
 * removal by shifting the run back.
 *
 * <pre>{@code
 * KeyTable<KeyState, Logic> keys = new KeyTable<>();
 * keys.put("a", state, logic);
 * int slot = keys.find("a");
 * Logic l = keys.logic(slot);
 * KeyState s = keys.state(slot);
 * keys.remove("a");
 * }</pre>
 *
 * @param <S> the state kept per key
 * @param <L> the logic kept per key, beside its state
 */
final class KeyTable<S, L> {
    private static final int MIN_BITS = 4;
    /** Ints per slot in {@link #meta}: hash, and one more than where the key's record starts (0: empty). */
    private static final int STRIDE = 2;
    private static final int HASH = 0;
    private static final int PLACE = 1;
    /** Chars in front of a key's characters that hold its length. */
    private static final int HEADER = 2;

    private int bits = MIN_BITS;
    /** Per slot, {@value #STRIDE} ints: the key's hash and its record's place plus one (0: empty). */
    private int[] meta = new int[STRIDE << MIN_BITS];
    /** Per slot, two: the key's state and its logic ({@code null}: empty). */
    private Object[] pairs = new Object[2 << MIN_BITS];
    /** Per slot: the key's string ({@code null}: empty). */
    private String[] keys = new String[1 << MIN_BITS];
    /**
     * The keys' records, one after the other: its length in {@value #HEADER} chars (low half
     * first), then its characters. Removed keys' records stay until compacted.
     */
    private char[] chars = new char[256];
    private int charsUsed;
    private int charsFree;
    private int size;
    /** Counts the changes of the table's keys: a slot {@link #find} gave is valid while it stays. */
    private int version;

    int size() {
        return size;
    }

    /** Changes whenever a key is added or removed, and with it the slots {@link #find} gives. */
    int version() {
        return version;
    }

    S get(String key) {
        int i = find(key);
        return i < 0 ? null : state(i);
    }

    /** The state in slot {@code i}, which {@link #find} gave. */
    @SuppressWarnings("unchecked")
    S state(int i) {
        return (S) pairs[2 * i];
    }

    /** The logic in slot {@code i}, which {@link #find} gave. */
    @SuppressWarnings("unchecked")
    L logic(int i) {
        return (L) pairs[2 * i + 1];
    }

    /** The slot of {@code key}, valid until the table next changes, or -1. */
    int find(String key) {
        int h = key.hashCode();
        int mask = keys.length - 1;
        for (int i = slot(h); ; i = (i + 1) & mask) {
            int m = i * STRIDE;
            int place = meta[m + PLACE];
            if (place == 0) {
                return -1;
            }
            if (meta[m + HASH] == h && matches(place - 1, key)) {
                return i;
            }
        }
    }

    /** Adds {@code key}, which must not be in the table, with its state and logic. */
    void put(String key, S state, L logic) {
        if (state == null || logic == null) {
            throw new NullPointerException(state == null ? "state" : "logic");
        }
        if (4L * (size + 1) > 3L * keys.length) {
            resize(bits + 1);
        }
        int len = key.length();
        int record = HEADER + len;
        if (charsUsed + record > chars.length) {
            if (charsFree > charsUsed / 2) {
                compact();
            }
            if (charsUsed + record > chars.length) {
                chars = Arrays.copyOf(chars, Math.max(chars.length * 2, charsUsed + record));
            }
        }
        int start = charsUsed;
        chars[start] = (char) len;
        chars[start + 1] = (char) (len >>> 16);
        key.getChars(0, len, chars, start + HEADER);
        charsUsed += record;
        insert(key.hashCode(), key, state, logic, start);
        size++;
        version++;
    }

    /** Removes {@code key} if it is in the table. */
    void remove(String key) {
        int i = find(key);
        if (i < 0) {
            return;
        }
        int mask = keys.length - 1;
        charsFree += HEADER + lengthAt(meta[i * STRIDE + PLACE] - 1);
        size--;
        version++;
        // Shift back every later entry of the run that may sit at or before the freed slot.
        int free = i;
        for (int j = (i + 1) & mask; meta[j * STRIDE + PLACE] != 0; j = (j + 1) & mask) {
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
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                out.add(keys[i]);
            }
        }
        return out;
    }

    private int slot(int hash) {
        // Fibonacci hashing: the high bits of the product depend on every bit of the hash.
        return (hash * 0x9E3779B9) >>> (32 - bits);
    }

    /** The length of the key whose record starts at {@code start}. */
    private int lengthAt(int start) {
        return chars[start] | chars[start + 1] << 16;
    }

    /** Whether the record that starts at {@code start} is {@code key}'s. */
    private boolean matches(int start, String key) {
        int len = key.length();
        if (lengthAt(start) != len) {
            return false;
        }
        int from = start + HEADER;
        for (int c = 0; c < len; c++) {
            if (chars[from + c] != key.charAt(c)) {
                return false;
            }
        }
        return true;
    }

    private void insert(int h, String key, Object state, Object logic, int start) {
        int mask = keys.length - 1;
        int i = slot(h);
        while (meta[i * STRIDE + PLACE] != 0) {
            i = (i + 1) & mask;
        }
        int m = i * STRIDE;
        meta[m + HASH] = h;
        meta[m + PLACE] = start + 1;
        pairs[2 * i] = state;
        pairs[2 * i + 1] = logic;
        keys[i] = key;
    }

    private void move(int from, int to) {
        System.arraycopy(meta, from * STRIDE, meta, to * STRIDE, STRIDE);
        pairs[2 * to] = pairs[2 * from];
        pairs[2 * to + 1] = pairs[2 * from + 1];
        keys[to] = keys[from];
    }

    private void clear(int i) {
        meta[i * STRIDE + PLACE] = 0;
        pairs[2 * i] = null;
        pairs[2 * i + 1] = null;
        keys[i] = null;
    }

    private void resize(int newBits) {
        int[] oldMeta = meta;
        Object[] oldPairs = pairs;
        String[] oldKeys = keys;
        bits = newBits;
        meta = new int[STRIDE << newBits];
        pairs = new Object[2 << newBits];
        keys = new String[1 << newBits];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                int m = i * STRIDE;
                insert(oldMeta[m + HASH], oldKeys[i], oldPairs[2 * i], oldPairs[2 * i + 1], oldMeta[m + PLACE] - 1);
            }
        }
    }

    /** Copies the live keys' records to the front of the array, dropping removed keys'. */
    private void compact() {
        char[] fresh = new char[chars.length];
        int used = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                int m = i * STRIDE;
                int start = meta[m + PLACE] - 1;
                int record = HEADER + lengthAt(start);
                System.arraycopy(chars, start, fresh, used, record);
                meta[m + PLACE] = used + 1;
                used += record;
            }
        }
        chars = fresh;
        charsUsed = used;
        charsFree = 0;
    }
}
