package io.waxwing.dataflow;

/**
 * The key hash Waxwing routes by: a 64-bit FNV-1a over the key's UTF-8 bytes with a final mix, the
 * same in every JVM and every process (unlike {@link String#hashCode()}, it is part of the
 * contract). A key goes to worker {@code route(key, workerCount)}.
 */
public final class KeyHash {
    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private KeyHash() {
    }

    /** The 64-bit hash of {@code key}'s UTF-8 encoding. */
    public static long hash(String key) {
        long h = OFFSET;
        int n = key.length();
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (c < 0x80) {
                h = (h ^ c) * PRIME;
            } else if (c < 0x800) {
                h = (h ^ (0xC0 | (c >> 6))) * PRIME;
                h = (h ^ (0x80 | (c & 0x3F))) * PRIME;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(key.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, key.charAt(++i));
                h = (h ^ (0xF0 | (cp >> 18))) * PRIME;
                h = (h ^ (0x80 | ((cp >> 12) & 0x3F))) * PRIME;
                h = (h ^ (0x80 | ((cp >> 6) & 0x3F))) * PRIME;
                h = (h ^ (0x80 | (cp & 0x3F))) * PRIME;
            } else {
                // Lone surrogates encode as '?', as String.getBytes(UTF_8) does.
                int b = Character.isSurrogate(c) ? '?' : c;
                if (b == '?') {
                    h = (h ^ b) * PRIME;
                } else {
                    h = (h ^ (0xE0 | (c >> 12))) * PRIME;
                    h = (h ^ (0x80 | ((c >> 6) & 0x3F))) * PRIME;
                    h = (h ^ (0x80 | (c & 0x3F))) * PRIME;
                }
            }
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    /** The index in {@code [0, buckets)} that {@code key} routes to. */
    public static int route(String key, int buckets) {
        long h = hash(key);
        // The same index as floorMod for a power of two (its low bits), without a division per item.
        return buckets > 0 && (buckets & (buckets - 1)) == 0 ? (int) (h & (buckets - 1))
                : (int) Math.floorMod(h, (long) buckets);
    }
}
