package io.waxwing.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The wake queue as a stateful step uses it: entries added around a moving present — due already,
 * within the wheel's horizon, beyond it, at the ends of time — and taken while due; always earliest
 * first and in key order at the same instant, whatever the wheel and its heap hold.
 */
class WakeQueueWheelTest {
    private record Entry(Instant at, String key, int id) {
    }

    private static final Comparator<Entry> ORDER =
            Comparator.comparing(Entry::at).thenComparing(Entry::key).thenComparingInt(Entry::id);

    private static Instant pick(SplittableRandom random, Instant now) {
        return switch (random.nextInt(10)) {
            case 0 -> now.minusNanos(random.nextLong(5_000_000));
            case 1 -> now.plusSeconds(5 + random.nextInt(60));
            case 2 -> Instant.parse("3000-01-01T00:00:00Z").plusNanos(random.nextInt(3));
            case 3 -> now.plusNanos(random.nextInt(4) * 1_048_576L);
            default -> now.plusNanos(random.nextLong(3_000_000_000L));
        };
    }

    @Test
    void takesDueEntriesInTimeThenKeyOrderAsThePresentMoves() {
        SplittableRandom random = new SplittableRandom(11);
        WakeQueue<Entry> queue = new WakeQueue<>();
        TreeSet<Entry> oracle = new TreeSet<>(ORDER);
        Instant now = Instant.parse("2024-01-01T00:00:00Z");
        int id = 0;
        int taken = 0;
        for (int round = 0; round < 20_000; round++) {
            for (int i = random.nextInt(6); i > 0; i--) {
                Entry e = new Entry(pick(random, now), "k" + random.nextInt(8), id++);
                queue.add(e.at(), e.key(), WakeQueue.keyPrefix(e.key()), e);
                oracle.add(e);
            }
            now = now.plusNanos(random.nextLong(random.nextInt(50) == 0 ? 8_000_000_000L : 2_000_000L));
            List<Entry> expected = new ArrayList<>();
            while (!oracle.isEmpty() && !oracle.first().at().isAfter(now)) {
                expected.add(oracle.pollFirst());
            }
            List<Entry> actual = new ArrayList<>();
            while (!queue.isEmpty() && !queue.peekAt().isAfter(now)) {
                Entry e = queue.peekOwner();
                assertEquals(e.at(), queue.peekAt());
                assertEquals(e.key(), queue.peekKey());
                actual.add(e);
                queue.poll();
            }
            // Entries at the same instant and key may come in either order; compare as the oracle sorts.
            actual.sort(ORDER);
            assertEquals(expected, actual, "round " + round);
            taken += actual.size();
            assertEquals(oracle.size(), queue.size());
        }
        assertTrue(taken > 10_000, "the present moved past most entries: " + taken);
        List<Entry> rest = new ArrayList<>();
        while (!queue.isEmpty()) {
            rest.add(queue.peekOwner());
            queue.poll();
        }
        List<Entry> sortedRest = new ArrayList<>(rest);
        sortedRest.sort(Comparator.comparing(Entry::at).thenComparing(Entry::key));
        assertEquals(sortedRest.stream().map(Entry::at).toList(), rest.stream().map(Entry::at).toList());
        assertEquals(new ArrayList<>(oracle).size(), rest.size());
    }

    @Test
    void anEntryDueBeforeTheWheelsPositionComesFirst() {
        WakeQueue<String> queue = new WakeQueue<>();
        Instant now = Instant.parse("2024-01-01T00:00:00Z");
        queue.add(now.plus(Duration.ofMillis(30)), "b", WakeQueue.keyPrefix("b"), "later");
        queue.add(now.plus(Duration.ofMillis(30)), "a", WakeQueue.keyPrefix("a"), "later a");
        // The wheel has turned to the first entry's tick; this one is due a second before it.
        assertEquals("later a", queue.peekOwner());
        queue.add(now.minusSeconds(1), "z", WakeQueue.keyPrefix("z"), "overdue");
        assertEquals("overdue", queue.peekOwner());
        queue.poll();
        assertEquals("later a", queue.peekOwner());
        queue.poll();
        assertEquals("later", queue.peekOwner());
        queue.poll();
        assertTrue(queue.isEmpty());
    }
}
