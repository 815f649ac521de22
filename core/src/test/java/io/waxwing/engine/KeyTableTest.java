package io.waxwing.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The stateful step's key table finds, adds and removes exactly what a {@code HashMap} would. */
class KeyTableTest {

    /** Keys with colliding hash codes ("Aa" and "BB" hash alike), non-Latin-1 ones, empty and long ones. */
    private static String key(SplittableRandom random) {
        return switch (random.nextInt(6)) {
            case 0 -> "k" + random.nextInt(3_000);
            case 1 -> "AaBB".repeat(1 + random.nextInt(3)) + (random.nextBoolean() ? "Aa" : "BB");
            case 2 -> "ключ-" + random.nextInt(200);
            case 3 -> "";
            case 4 -> "x".repeat(random.nextInt(300));
            default -> Integer.toString(random.nextInt(50_000), 36);
        };
    }

    @Test
    void behavesLikeAHashMapUnderRandomAddsAndRemoves() {
        SplittableRandom random = new SplittableRandom(7);
        KeyTable<Object, Object> table = new KeyTable<>();
        Map<String, Object> model = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            // A fresh String every time, as parsed input gives: equal content, another object.
            String key = new String(key(random).toCharArray());
            Object expected = model.get(key);
            assertSame(expected, table.get(key), key);
            if (expected == null) {
                if (random.nextInt(3) > 0) {
                    Object state = new Object();
                    table.put(key, state, key.length());
                    model.put(key, state);
                }
            } else if (random.nextInt(2) == 0) {
                table.remove(key);
                model.remove(key);
                assertNull(table.get(key));
            }
            assertEquals(model.size(), table.size());
        }
        assertEquals(new TreeSet<>(model.keySet()), new TreeSet<>(table.keys()));
        for (Map.Entry<String, Object> e : model.entrySet()) {
            int slot = table.find(new String(e.getKey().toCharArray()));
            assertSame(e.getValue(), table.state(slot));
            assertEquals(e.getKey().length(), table.logic(slot));
        }
    }

    @Test
    void removingEveryKeyLeavesAnEmptyTableThatStillWorks() {
        KeyTable<String, Integer> table = new KeyTable<>();
        for (int i = 0; i < 10_000; i++) {
            table.put("key-" + i, "v" + i, i);
        }
        for (int i = 0; i < 10_000; i++) {
            table.remove("key-" + i);
        }
        assertEquals(0, table.size());
        assertEquals(List.of(), table.keys());
        table.put("again", "v", 1);
        assertEquals("v", table.get("again"));
        assertEquals(1, table.logic(table.find("again")));
        assertEquals(-1, table.find("absent"));
        table.remove("absent");
        assertEquals(1, table.size());
    }

    /** A key's length is stored in two chars: keys longer than one char can count are told apart. */
    @Test
    void findsKeysLongerThanSixtyFiveThousandCharacters() {
        KeyTable<String, Integer> table = new KeyTable<>();
        String longKey = "a".repeat(70_000);
        String longer = longKey + "a";
        // As long as the long key's length in one char: told apart only by the second.
        String shorter = "a".repeat(70_000 - 65_536);
        table.put(shorter, "shorter", 1);
        table.put(longKey, "long", 2);
        table.put(longer, "longer", 3);
        assertEquals("long", table.get(new String(longKey.toCharArray())));
        assertEquals("longer", table.get(new String(longer.toCharArray())));
        assertEquals("shorter", table.get(new String(shorter.toCharArray())));
        table.remove(shorter);
        table.remove(longer);
        // Outgrows the characters' array while half of it is removed keys': the records are
        // compacted first, which moves the long key's to the front.
        String huge = "c".repeat(140_000);
        table.put(huge, "huge", 4);
        for (int i = 0; i < 5_000; i++) {
            table.put("k" + i, "v" + i, i);
        }
        assertNull(table.get(longer));
        assertNull(table.get(shorter));
        assertEquals("long", table.get(new String(longKey.toCharArray())));
        assertEquals("huge", table.get(new String(huge.toCharArray())));
        assertEquals("v4999", table.get("k4999"));
        assertEquals(5_002, table.size());
    }
}
