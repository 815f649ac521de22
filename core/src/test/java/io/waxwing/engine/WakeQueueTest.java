package io.waxwing.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stateful step's wake queue: earliest first, in key order at the same instant. */
class WakeQueueTest {

    private record Entry(Instant at, String key) {
    }

    private static final Comparator<Entry> ORDER =
            Comparator.comparing(Entry::at).thenComparing(Entry::key);

    @Test
    void pollsInTimeThenKeyOrderWhateverTheOrderOfAdding() {
        Random random = new Random(7);
        WakeQueue<String> queue = new WakeQueue<>();
        List<Entry> oracle = new ArrayList<>();
        Instant base = Instant.parse("2024-01-01T00:00:00Z");
        for (int round = 0; round < 2_000; round++) {
            int adds = random.nextInt(5);
            for (int i = 0; i < adds; i++) {
                // Few distinct times, so that ties by time are common and keys decide.
                Instant at = base.plusNanos(random.nextInt(50));
                String key = "k" + random.nextInt(20);
                queue.add(at, key, key);
                oracle.add(new Entry(at, key));
            }
            int polls = random.nextInt(4);
            for (int i = 0; i < polls && !oracle.isEmpty(); i++) {
                oracle.sort(ORDER);
                Entry expected = oracle.remove(0);
                assertEquals(expected.at(), queue.peekAt());
                assertEquals(expected.key(), queue.peekKey());
                assertEquals(expected.key(), queue.peekOwner());
                queue.poll();
            }
            assertEquals(oracle.size(), queue.size());
        }
    }

    @Test
    void ordersInstantsBeyondTheRangeOfEpochNanosecondsExactly() {
        WakeQueue<String> queue = new WakeQueue<>();
        Instant far = Instant.parse("3000-01-01T00:00:00Z");
        queue.add(Instant.MAX, "a", "max");
        queue.add(far.plusNanos(1), "a", "far+1");
        queue.add(far, "b", "far b");
        queue.add(far, "a", "far a");
        queue.add(Instant.MIN, "z", "min");
        queue.add(Instant.parse("1000-01-01T00:00:00Z"), "a", "old");
        List<String> order = new ArrayList<>();
        while (!queue.isEmpty()) {
            order.add(queue.peekOwner());
            queue.poll();
        }
        assertEquals(List.of("min", "old", "far a", "far b", "far+1", "max"), order);
    }

    @Test
    void clearEmptiesTheQueue() {
        WakeQueue<String> queue = new WakeQueue<>();
        for (int i = 0; i < 40; i++) {
            queue.add(Instant.ofEpochSecond(i), "k", "v");
        }
        queue.clear();
        assertTrue(queue.isEmpty());
        queue.add(Instant.EPOCH, "k", "again");
        assertEquals("again", queue.peekOwner());
    }
}
