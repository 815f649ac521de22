package io.waxwing.dataflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The key hash is part of the contract: the FNV-1a of the UTF-8 bytes, mixed; routes are its floorMod. */
class KeyHashTest {

    /** The documented hash, from the bytes {@link String#getBytes} gives. */
    private static long reference(String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    private static List<String> keys() {
        SplittableRandom random = new SplittableRandom(7);
        List<String> keys = new ArrayList<>(List.of("", "k0", "k1", "user-42", "é", "€", "\uD83D\uDE00", "\uD800",
                "a\uDC00b"));
        for (int i = 0; i < 5_000; i++) {
            StringBuilder key = new StringBuilder();
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                // Mostly ASCII, some two- and three-byte characters, some surrogates (paired or not).
                int kind = random.nextInt(10);
                key.append((char) (kind < 6 ? random.nextInt(0x20, 0x7f) : kind < 8 ? random.nextInt(0x80, 0x800)
                        : kind < 9 ? random.nextInt(0x800, 0x10000) : random.nextInt(0xD800, 0xE000)));
            }
            keys.add(key.toString());
        }
        return keys;
    }

    @Test
    void theHashIsFnv1aOfTheUtf8BytesMixed() {
        for (String key : keys()) {
            assertEquals(reference(key), KeyHash.hash(key), key);
        }
    }

    @Test
    void aKeyRoutesToTheFloorModOfItsHash() {
        int[] bucketCounts = {1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 17, 64, 100, 1024, 1 << 30, Integer.MAX_VALUE};
        for (String key : keys()) {
            long hash = reference(key);
            for (int buckets : bucketCounts) {
                assertEquals(Math.floorMod(hash, (long) buckets), KeyHash.route(key, buckets), key + " in " + buckets);
            }
        }
    }
}
