package io.waxwing.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The keys of one stateful step on one worker and their states: an open-addressing table whose
 * keys' characters are copied into one shared array, so that finding a key compares its hash and
 * characters in a few arrays that stay in cache rather than following a map entry, the stored
 * {@code String} and its bytes (three objects spread over the heap, none of them in cache when there
 * are many keys). A slot's hash, the place of its characters and whether it is taken sit side by
 * side in one {@code int} array, so a lookup reads one line of it and the key's characters. A key's
 * state and the logic it runs sit side by side in one {@code Object} array: both are known from the
 * slot, so the caller can start on the logic without first loading the state that also refers to
 * it. Linear probing, at most half full, removal by shifting the run back.
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
    /** Ints per slot in {@link #meta}: hash, start, length, taken. */
    private static final int STRIDE = 4;
    private static final int HASH = 0;
    private static final int START = 1;
    private static final int LENGTH = 2;
    private static final int TAKEN = 3;

    private int bits = MIN_BITS;
    /** Per slot, {@value #STRIDE} ints: the key's hash, where its characters start, how many, and 1 if taken. */
    private int[] meta = new int[STRIDE << MIN_BITS];
    /** Per slot, two: the key's state and its logic ({@code null}: empty). */
    private Object[] pairs = new Object[2 << MIN_BITS];
    /** Per slot: the key's string ({@code null}: empty). */
    private String[] keys = new String[1 << MIN_BITS];
    /** The keys' characters, one after the other; removed keys' characters stay until compacted. */
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
            if (meta[m + TAKEN] == 0) {
                return -1;
            }
            if (meta[m + HASH] == h && matches(m, key)) {
                return i;
            }
        }
    }

    /** Adds {@code key}, which must not be in the table, with its state and logic. */
    void put(String key, S state, L logic) {
        if (state == null || logic == null) {
            throw new NullPointerException(state == null ? "state" : "logic");
        }
        if (2 * (size + 1) > keys.length) {
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
        insert(key.hashCode(), key, state, logic, start, len);
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
        charsFree += meta[i * STRIDE + LENGTH];
        size--;
        version++;
        // Shift back every later entry of the run that may sit at or before the freed slot.
        int free = i;
        for (int j = (i + 1) & mask; meta[j * STRIDE + TAKEN] != 0; j = (j + 1) & mask) {
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

    private void insert(int h, String key, Object state, Object logic, int start, int len) {
        int mask = keys.length - 1;
        int i = slot(h);
        while (meta[i * STRIDE + TAKEN] != 0) {
            i = (i + 1) & mask;
        }
        int m = i * STRIDE;
        meta[m + HASH] = h;
        meta[m + START] = start;
        meta[m + LENGTH] = len;
        meta[m + TAKEN] = 1;
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
        meta[i * STRIDE + TAKEN] = 0;
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
                insert(oldMeta[m + HASH], oldKeys[i], oldPairs[2 * i], oldPairs[2 * i + 1], oldMeta[m + START],
                        oldMeta[m + LENGTH]);
            }
        }
    }

    /** Copies the live keys' characters to the front of the array, dropping removed keys'. */
    private void compact() {
        char[] fresh = new char[chars.length];
        int used = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                int m = i * STRIDE;
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
