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

    private static final class Owner extends WakeQueue.Slot {
        final String name;

        Owner(String name) {
            this.name = name;
        }
    }

    private static final Comparator<Entry> ORDER =
            Comparator.comparing(Entry::at).thenComparing(Entry::key);

    @Test
    void pollsInTimeThenKeyOrderWhateverTheOrderOfAdding() {
        Random random = new Random(7);
        WakeQueue<Owner> queue = new WakeQueue<>();
        List<Entry> oracle = new ArrayList<>();
        Instant base = Instant.parse("2024-01-01T00:00:00Z");
        for (int round = 0; round < 2_000; round++) {
            int adds = random.nextInt(5);
            for (int i = 0; i < adds; i++) {
                // Few distinct times, so that ties by time are common and keys decide.
                Instant at = base.plusNanos(random.nextInt(50));
                // A new owner per entry: an owner's second add moves its entry (tested below).
                String key = "k" + random.nextInt(20);
                queue.add(at, key, new Owner(key));
                oracle.add(new Entry(at, key));
            }
            int polls = random.nextInt(4);
            for (int i = 0; i < polls && !oracle.isEmpty(); i++) {
                oracle.sort(ORDER);
                Entry expected = oracle.remove(0);
                assertEquals(expected.at(), queue.peekAt());
                assertEquals(expected.key(), queue.peekKey());
                assertEquals(expected.key(), queue.peekOwner().name);
                assertTrue(queue.peekOwner().queued());
                Owner polled = queue.peekOwner();
                queue.poll();
                assertTrue(!polled.queued(), "a polled owner has no entry");
            }
            assertEquals(oracle.size(), queue.size());
        }
    }

    @Test
    void ordersInstantsBeyondTheRangeOfEpochNanosecondsExactly() {
        WakeQueue<Owner> queue = new WakeQueue<>();
        Instant far = Instant.parse("3000-01-01T00:00:00Z");
        queue.add(Instant.MAX, "a", new Owner("max"));
        queue.add(far.plusNanos(1), "a", new Owner("far+1"));
        queue.add(far, "b", new Owner("far b"));
        queue.add(far, "a", new Owner("far a"));
        queue.add(Instant.MIN, "z", new Owner("min"));
        queue.add(Instant.parse("1000-01-01T00:00:00Z"), "a", new Owner("old"));
        List<String> order = new ArrayList<>();
        while (!queue.isEmpty()) {
            order.add(queue.peekOwner().name);
            queue.poll();
        }
        assertEquals(List.of("min", "old", "far a", "far b", "far+1", "max"), order);
    }

    @Test
    void clearEmptiesTheQueue() {
        WakeQueue<Owner> queue = new WakeQueue<>();
        List<Owner> owners = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Owner o = new Owner("v" + i);
            owners.add(o);
            queue.add(Instant.ofEpochSecond(i), "k" + i, o);
        }
        queue.clear();
        assertTrue(queue.isEmpty());
        assertTrue(owners.stream().noneMatch(Owner::queued), "cleared owners have no entry");
        Owner again = new Owner("again");
        queue.add(Instant.EPOCH, "k", again);
        assertEquals("again", queue.peekOwner().name);
    }

    @Test
    void addingAnOwnerAgainMovesItsOneEntryEarlierOrLater() {
        Random random = new Random(11);
        WakeQueue<Owner> queue = new WakeQueue<>();
        Owner[] owners = new Owner[30];
        Instant[] times = new Instant[owners.length];
        Instant base = Instant.parse("2024-01-01T00:00:00Z");
        for (int i = 0; i < owners.length; i++) {
            owners[i] = new Owner("k" + (100 + i));
        }
        for (int round = 0; round < 3_000; round++) {
            int i = random.nextInt(owners.length);
            times[i] = base.plusNanos(random.nextInt(1_000));
            queue.add(times[i], owners[i].name, owners[i]);
        }
        List<Entry> expected = new ArrayList<>();
        for (int i = 0; i < owners.length; i++) {
            if (times[i] != null) {
                expected.add(new Entry(times[i], owners[i].name));
            }
        }
        expected.sort(ORDER);
        assertEquals(expected.size(), queue.size(), "one entry per owner");
        List<Entry> polled = new ArrayList<>();
        while (!queue.isEmpty()) {
            polled.add(new Entry(queue.peekAt(), queue.peekOwner().name));
            queue.poll();
        }
        assertEquals(expected, polled, "each owner at the time it was last added at");
    }
}
