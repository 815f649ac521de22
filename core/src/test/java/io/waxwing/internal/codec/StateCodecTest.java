package io.waxwing.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.KV;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StateCodecTest {

    record Window(String user, long count, Instant opened, List<Integer> seen) {
    }

    /** A mutable bean, as users write them. */
    static final class Counter {
        private String name;
        private int total;
        private Map<String, Long> perDay;

        Counter() {
        }

        Counter(String name, int total, Map<String, Long> perDay) {
            this.name = name;
            this.total = total;
            this.perDay = perDay;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Counter c && Objects.equals(name, c.name) && total == c.total
                    && Objects.equals(perDay, c.perDay);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, total, perDay);
        }
    }

    private static Object roundTrip(Object value) {
        return StateCodec.decode(StateCodec.encode(value, "step"));
    }

    @Test
    void commonTypesRoundTrip() {
        for (Object v : new Object[] {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 5L, Long.MIN_VALUE, "", "héllo ✓ 𝄞",
                3.25, Double.NaN, -0.0, 1.5f, true, false, Instant.parse("2024-05-01T10:15:30.123456789Z"),
                Duration.ofMillis(-1500), new KV<>("k", 7), new KV<>("k", null)}) {
            assertEquals(v, roundTrip(v), () -> "round trip of " + v);
        }
        assertNull(roundTrip(null));
        assertArrayEquals(new byte[] {1, 2, (byte) 255}, (byte[]) roundTrip(new byte[] {1, 2, (byte) 255}));
    }

    @Test
    void aKvWhoseValueIsItsKeyIsWrittenOnceAndComesBackSharingIt() {
        String word = "wo" + "rd";
        KV<String> self = new KV<>(word, word);
        KV<String> equalCopy = new KV<>(word, new String(word));
        byte[] once = StateCodec.encode(self, "s");
        byte[] twice = StateCodec.encode(equalCopy, "s");
        assertTrue(once.length < twice.length, once.length + " vs " + twice.length);
        @SuppressWarnings("unchecked")
        KV<String> back = (KV<String>) StateCodec.decode(once);
        assertEquals(self, back);
        assertSame(back.key(), back.value());
        assertEquals(equalCopy, StateCodec.decode(twice));
    }

    @Test
    void immutableCollectionsComeBackAsEqualCollections() {
        List<Object> list = List.of(1, "two", 3L, List.of(4.0), Map.of("k", Set.of(true)));
        assertEquals(list, roundTrip(list));
        assertEquals(Map.of("a", 1, "b", List.of()), roundTrip(Map.of("a", 1, "b", List.of())));
        assertEquals(Set.of("x", "y"), roundTrip(Set.of("x", "y")));
        List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        withNull.add(new KV<>("k", List.of(1)));
        assertEquals(withNull, roundTrip(withNull));
    }

    @Test
    void recordsAndPojosRoundTripByClassName() {
        Window w = new Window("alice", 3, Instant.ofEpochSecond(1_700_000_000L, 5), List.of(1, 2));
        assertEquals(w, roundTrip(w));
        Counter c = new Counter("c", 42, Map.of("mon", 3L));
        assertEquals(c, roundTrip(c));
        assertEquals(List.of(w, new KV<>("x", c)), roundTrip(List.of(w, new KV<>("x", c))));
    }

    @Test
    void valueThatCannotBeEncodedNamesItsTypeAndTheStep() {
        Object noProperties = new Object();
        CodecException e = assertThrows(CodecException.class, () -> StateCodec.encode(noProperties, "tally"));
        assertTrue(e.getMessage().contains("java.lang.Object") && e.getMessage().contains("'tally'"), e.getMessage());
        Runnable lambda = () -> { };
        CodecException l = assertThrows(CodecException.class, () -> StateCodec.encode(List.of(lambda), "win"));
        assertTrue(l.getMessage().contains("'win'") && l.getMessage().contains("Lambda"), l.getMessage());
    }
}
