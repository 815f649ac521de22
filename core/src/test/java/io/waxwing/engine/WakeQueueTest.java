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

    /**
     * Keys whose order the first eight bytes of their prefixes decide, and keys they cannot tell
     * apart (a long shared beginning, characters of three bytes, a key that begins another).
     */
    private static final String[] KEYS = {"k0", "k1", "k2", "k10", "k11", "", "a", "a\u0000",
        "shared-beginning-1", "shared-beginning-2", "shared-beginning-10", "\u00fe", "\u00ff", "\u00ffa",
        "\u0100", "\u4e2d\u6587", "\u4e2d\u6587\u5b57", "\uffff", "\ud800\udc00"};

    @Test
    void keyPrefixesThatDifferAreInTheOrderOfTheirKeys() {
        char[] alphabet = {'\u0000', 'a', 'b', '\u00fe', '\u00ff', '\u0100', '\u01ff', '\u4e2d', '\ud800', '\uffff'};
        Random random = new Random(3);
        List<String> keys = new ArrayList<>(List.of(KEYS));
        for (int i = 0; i < 400; i++) {
            StringBuilder key = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                key.append(alphabet[random.nextInt(alphabet.length)]);
            }
            keys.add(key.toString());
        }
        int told = 0;
        for (String a : keys) {
            for (String b : keys) {
                int byPrefix = Long.compareUnsigned(WakeQueue.keyPrefix(a), WakeQueue.keyPrefix(b));
                if (byPrefix != 0) {
                    told++;
                    assertEquals(Integer.signum(a.compareTo(b)), Integer.signum(byPrefix), a + " against " + b);
                }
                Instant at = Instant.parse("2024-01-01T00:00:00Z");
                long t = WakeQueue.saturatingNanos(at);
                int order = WakeHeap.compare(t, at, a, WakeQueue.keyPrefix(a), t, Instant.from(at), b,
                        WakeQueue.keyPrefix(b));
                assertEquals(Integer.signum(a.compareTo(b)), Integer.signum(order), a + " against " + b);
            }
        }
        // Most pairs of distinct keys are told apart without reading them.
        assertTrue(told > keys.size() * keys.size() / 2, "prefixes told " + told + " pairs apart");
    }

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
                String key = KEYS[random.nextInt(KEYS.length)];
                queue.add(at, key, WakeQueue.keyPrefix(key), key);
                oracle.add(new Entry(at, key));
            }
            int polls = random.nextInt(4);
            for (int i = 0; i < polls && !oracle.isEmpty(); i++) {
                oracle.sort(ORDER);
                Entry expected = oracle.remove(0);
                assertEquals(expected.at(), queue.peekAt());
                assertEquals(WakeQueue.saturatingNanos(expected.at()), queue.peekNanos());
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
        queue.add(Instant.MAX, "a", WakeQueue.keyPrefix("a"), "max");
        queue.add(far.plusNanos(1), "a", WakeQueue.keyPrefix("a"), "far+1");
        queue.add(far, "b", WakeQueue.keyPrefix("b"), "far b");
        queue.add(far, "a", WakeQueue.keyPrefix("a"), "far a");
        queue.add(Instant.MIN, "z", WakeQueue.keyPrefix("z"), "min");
        queue.add(Instant.parse("1000-01-01T00:00:00Z"), "a", WakeQueue.keyPrefix("a"), "old");
        List<String> order = new ArrayList<>();
        List<Long> nanos = new ArrayList<>();
        while (!queue.isEmpty()) {
            order.add(queue.peekOwner());
            nanos.add(queue.peekNanos());
            queue.poll();
        }
        assertEquals(List.of("min", "old", "far a", "far b", "far+1", "max"), order);
        // Saturated beyond the range of epoch nanoseconds (1677–2262): the instants tell those apart.
        long min = Long.MIN_VALUE;
        long max = Long.MAX_VALUE;
        assertEquals(List.of(min, min, max, max, max, max), nanos);
    }

    @Test
    void clearEmptiesTheQueue() {
        WakeQueue<String> queue = new WakeQueue<>();
        for (int i = 0; i < 40; i++) {
            queue.add(Instant.ofEpochSecond(i), "k", WakeQueue.keyPrefix("k"), "v");
        }
        queue.clear();
        assertTrue(queue.isEmpty());
        queue.add(Instant.EPOCH, "k", WakeQueue.keyPrefix("k"), "again");
        assertEquals("again", queue.peekOwner());
    }
}
