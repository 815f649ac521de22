package io.waxwing.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The stateful step's key table finds, adds and removes exactly what a {@code HashMap} would, and
 * keeps each key's bookkeeping with it through resizes and removals that move it.
 */
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

    /** What the table should hold for one key. */
    private static final class Book {
        final Object logic = new Object();
        Instant notifyAt;
        Instant queuedAt;
        long queuedNanos;
        boolean changed;
    }

    private static void assertHolds(KeyTable<Object> table, String key, Book book) {
        int slot = table.find(new String(key.toCharArray()));
        assertSame(book.logic, table.logic(slot), key);
        assertEquals(key, table.key(slot));
        assertSame(book.notifyAt, table.notifyAt(slot), key);
        assertSame(book.queuedAt, table.queuedAt(slot), key);
        if (book.queuedAt != null) {
            assertEquals(book.queuedNanos, table.queuedNanos(slot), key);
        }
        assertEquals(WakeQueueTest.prefix(key), table.keyPrefix(slot), key);
        // Marking tells whether it was marked already; marking again leaves it marked.
        assertEquals(!book.changed, table.markChanged(slot), key);
        assertFalse(table.markChanged(slot), key);
        if (!book.changed) {
            table.clearChanged(slot);
        }
    }

    @Test
    void behavesLikeAHashMapUnderRandomAddsRemovesAndBookkeeping() {
        SplittableRandom random = new SplittableRandom(7);
        KeyTable<Object> table = new KeyTable<>();
        Map<String, Book> model = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            // A fresh String every time, as parsed input gives: equal content, another object.
            String key = new String(key(random).toCharArray());
            Book book = model.get(key);
            int slot = table.find(key);
            assertEquals(book == null, slot < 0, key);
            if (book == null) {
                if (random.nextInt(3) > 0) {
                    book = new Book();
                    assertEquals(table.put(key, book.logic), table.find(key));
                    model.put(key, book);
                }
            } else {
                switch (random.nextInt(5)) {
                    case 0 -> {
                        table.remove(key);
                        model.remove(key);
                        assertEquals(-1, table.find(key));
                    }
                    case 1 -> {
                        book.notifyAt = random.nextBoolean() ? null : Instant.ofEpochSecond(random.nextLong(1L << 40));
                        table.setNotifyAt(slot, book.notifyAt);
                    }
                    case 2 -> {
                        // Nanoseconds across the whole range of a long, both halves' signs.
                        book.queuedAt = random.nextBoolean() ? null : Instant.ofEpochSecond(random.nextInt());
                        book.queuedNanos = random.nextLong();
                        table.setQueued(slot, book.queuedAt, book.queuedNanos);
                    }
                    case 3 -> {
                        book.changed = random.nextBoolean();
                        if (book.changed) {
                            table.markChanged(slot);
                        } else {
                            table.clearChanged(slot);
                        }
                    }
                    default -> assertHolds(table, key, book);
                }
            }
            assertEquals(model.size(), table.size());
        }
        assertEquals(new TreeSet<>(model.keySet()), new TreeSet<>(table.keys()));
        for (Map.Entry<String, Book> e : model.entrySet()) {
            assertHolds(table, e.getKey(), e.getValue());
        }
    }

    @Test
    void removingEveryKeyLeavesAnEmptyTableThatStillWorks() {
        KeyTable<Integer> table = new KeyTable<>();
        for (int i = 0; i < 10_000; i++) {
            table.put("key-" + i, i);
        }
        for (int i = 0; i < 10_000; i++) {
            table.remove("key-" + i);
        }
        assertEquals(0, table.size());
        assertEquals(List.of(), table.keys());
        int slot = table.put("again", 1);
        assertEquals(slot, table.find("again"));
        assertEquals(1, table.logic(slot));
        assertNull(table.notifyAt(slot));
        assertNull(table.queuedAt(slot));
        assertTrue(table.markChanged(slot));
        assertEquals(-1, table.find("absent"));
        table.remove("absent");
        assertEquals(1, table.size());
    }
}
