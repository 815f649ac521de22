package io.waxwing.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The keys of one stateful step on one worker and their states: an open-addressing table whose
 * keys' characters are copied into one shared array, so that finding a key compares its hash and
 * characters in a few arrays that stay in cache rather than following a map entry, the stored
 * {@code String} and its bytes (three objects spread over the heap, none of them in cache when there
 * are many keys). Linear probing, at most half full, removal by shifting the run back.
 *
 * <pre>{@code
 * KeyTable<KeyState> keys = new KeyTable<>();
 * keys.put("a", state);
 * KeyState s = keys.get("a");
 * keys.remove("a");
 * }</pre>
 *
 * @param <S> the state kept per key
 */
final class KeyTable<S> {
    private static final int MIN_BITS = 4;

    private int bits = MIN_BITS;
    /** Per slot: the key's hash, its state ({@code null}: empty), its string, where its characters are. */
    private int[] hashes = new int[1 << MIN_BITS];
    private Object[] states = new Object[1 << MIN_BITS];
    private String[] keys = new String[1 << MIN_BITS];
    private int[] starts = new int[1 << MIN_BITS];
    private int[] lengths = new int[1 << MIN_BITS];
    /** The keys' characters, one after the other; removed keys' characters stay until compacted. */
    private char[] chars = new char[256];
    private int charsUsed;
    private int charsFree;
    private int size;

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    S get(String key) {
        int h = key.hashCode();
        int mask = hashes.length - 1;
        for (int i = slot(h); ; i = (i + 1) & mask) {
            Object state = states[i];
            if (state == null) {
                return null;
            }
            if (hashes[i] == h && matches(i, key)) {
                return (S) state;
            }
        }
    }

    /** Adds {@code key}, which must not be in the table. */
    void put(String key, S state) {
        if (state == null) {
            throw new NullPointerException("state");
        }
        if (2 * (size + 1) > hashes.length) {
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
        insert(key.hashCode(), key, state, start, len);
        size++;
    }

    /** Removes {@code key} if it is in the table. */
    void remove(String key) {
        int h = key.hashCode();
        int mask = hashes.length - 1;
        int i = slot(h);
        while (true) {
            if (states[i] == null) {
                return;
            }
            if (hashes[i] == h && matches(i, key)) {
                break;
            }
            i = (i + 1) & mask;
        }
        charsFree += lengths[i];
        size--;
        // Shift back every later entry of the run that may sit at or before the freed slot.
        int free = i;
        for (int j = (i + 1) & mask; states[j] != null; j = (j + 1) & mask) {
            int home = slot(hashes[j]);
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
        for (int i = 0; i < states.length; i++) {
            if (states[i] != null) {
                out.add(keys[i]);
            }
        }
        return out;
    }

    private int slot(int hash) {
        // Fibonacci hashing: the high bits of the product depend on every bit of the hash.
        return (hash * 0x9E3779B9) >>> (32 - bits);
    }

    private boolean matches(int i, String key) {
        // The same string object (a key the step emitted itself, or a resumed one) needs no reading;
        // the stored string is never read otherwise: its characters are in the shared array.
        if (keys[i] == key) {
            return true;
        }
        int len = key.length();
        if (lengths[i] != len) {
            return false;
        }
        int start = starts[i];
        for (int c = 0; c < len; c++) {
            if (chars[start + c] != key.charAt(c)) {
                return false;
            }
        }
        return true;
    }

    private void insert(int h, String key, Object state, int start, int len) {
        int mask = hashes.length - 1;
        int i = slot(h);
        while (states[i] != null) {
            i = (i + 1) & mask;
        }
        hashes[i] = h;
        states[i] = state;
        keys[i] = key;
        starts[i] = start;
        lengths[i] = len;
    }

    private void move(int from, int to) {
        hashes[to] = hashes[from];
        states[to] = states[from];
        keys[to] = keys[from];
        starts[to] = starts[from];
        lengths[to] = lengths[from];
    }

    private void clear(int i) {
        states[i] = null;
        keys[i] = null;
    }

    private void resize(int newBits) {
        int[] oldHashes = hashes;
        Object[] oldStates = states;
        String[] oldKeys = keys;
        int[] oldStarts = starts;
        int[] oldLengths = lengths;
        bits = newBits;
        hashes = new int[1 << newBits];
        states = new Object[1 << newBits];
        keys = new String[1 << newBits];
        starts = new int[1 << newBits];
        lengths = new int[1 << newBits];
        for (int i = 0; i < oldStates.length; i++) {
            if (oldStates[i] != null) {
                insert(oldHashes[i], oldKeys[i], oldStates[i], oldStarts[i], oldLengths[i]);
            }
        }
    }

    /** Copies the live keys' characters to the front of the array, dropping removed keys'. */
    private void compact() {
        char[] fresh = new char[chars.length];
        int used = 0;
        for (int i = 0; i < states.length; i++) {
            if (states[i] != null) {
                int len = lengths[i];
                System.arraycopy(chars, starts[i], fresh, used, len);
                starts[i] = used;
                used += len;
            }
        }
        chars = fresh;
        charsUsed = used;
        charsFree = 0;
    }
}
