package io.waxwing.windowing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bytewax's {@code test_sliding_windower.py}, plus opening, closing and resuming windows. */
class SlidingWindowerLogicTest {
    private static final Instant ALIGN = Instant.parse("2023-03-16T09:00:00Z");

    private static SlidingWindowerLogic logic(long lengthSeconds, long offsetSeconds) {
        return new SlidingWindowerLogic(Duration.ofSeconds(lengthSeconds), Duration.ofSeconds(offsetSeconds), ALIGN,
                null);
    }

    @ParameterizedTest(name = "length {0}s offset {1}s at {2} -> {3}")
    @CsvSource({
        // offset divides length: bulk and edges, positive, negative and around zero
        "10, 5, 2023-03-16T09:00:13Z, 1 2",
        "10, 5, 2023-03-16T08:59:57Z, -2 -1",
        "10, 5, 2023-03-16T09:00:03Z, -1 0",
        "10, 5, 2023-03-16T09:00:07Z, 0 1",
        "10, 5, 2023-03-16T09:00:15Z, 2 3",
        "10, 5, 2023-03-16T08:59:55Z, -2 -1",
        "10, 5, 2023-03-16T09:00:00Z, -1 0",
        "10, 5, 2023-03-16T09:00:10Z, 1 2",
        // offset does not divide length
        "10, 3, 2023-03-16T09:00:11Z, 1 2 3",
        "10, 3, 2023-03-16T09:00:11.500Z, 1 2 3",
        "10, 3, 2023-03-16T08:59:59Z, -3 -2 -1",
        "10, 3, 2023-03-16T08:59:58.500Z, -3 -2 -1",
        "10, 3, 2023-03-16T09:00:05Z, -1 0 1",
        "10, 7, 2023-03-16T09:00:14Z, 1 2",
        "10, 7, 2023-03-16T08:59:53Z, -2 -1",
        "10, 7, 2023-03-16T09:00:00Z, -1 0",
        "10, 7, 2023-03-16T09:00:17Z, 2",
        "10, 7, 2023-03-16T08:59:56Z, -1",
        "10, 7, 2023-03-16T09:00:10Z, 1",
        // tumbling
        "10, 10, 2023-03-16T09:00:15Z, 1",
        "10, 10, 2023-03-16T08:59:55Z, -1",
        "10, 10, 2023-03-16T09:00:05Z, 0",
        "10, 10, 2023-03-16T09:00:20Z, 2",
        "10, 10, 2023-03-16T08:59:50Z, -1",
        "10, 10, 2023-03-16T09:00:00Z, 0",
        "10, 10, 2023-03-16T09:00:10Z, 1",
    })
    void intersectsTheWindowsContainingTheTimestamp(long length, long offset, String at, String ids) {
        long[] expected = Arrays.stream(ids.trim().split(" ")).mapToLong(Long::parseLong).toArray();
        assertArrayEquals(expected, logic(length, offset).intersects(Instant.parse(at)));
    }

    @Test
    void findsWindowsFarFromTheAlignmentInstant() {
        SlidingWindowerLogic logic =
                new SlidingWindowerLogic(Duration.ofDays(1), Duration.ofDays(1), Instant.MIN, null);
        Instant ts = Instant.parse("2024-05-06T07:08:09Z");
        long[] ids = logic.openFor(ts);
        assertEquals(1, ids.length);
        logic.closeFor(Instant.MAX).forEach(w -> {
            assertEquals(ids[0], w.windowId());
            assertTrue(!w.value().openTime().isAfter(ts) && w.value().closeTime().isAfter(ts), w.toString());
        });
    }

    @Test
    void opensWindowsWithTheirTimesAndClosesThemOnceTheWatermarkReachesTheirEnd() {
        SlidingWindowerLogic logic = logic(10, 5);
        assertArrayEquals(new long[] {-1, 0}, logic.openFor(ALIGN.plusSeconds(1)));
        assertArrayEquals(new long[] {0, 1}, logic.openFor(ALIGN.plusSeconds(6)));
        assertEquals(ALIGN.plusSeconds(5), logic.notifyAt(), "window -1 ends first");
        assertEquals(List.of(), logic.closeFor(ALIGN.plusSeconds(4)));
        assertEquals(List.of(
                new Windowed<>(-1, new WindowMetadata(ALIGN.minusSeconds(5), ALIGN.plusSeconds(5))),
                new Windowed<>(0, new WindowMetadata(ALIGN, ALIGN.plusSeconds(10)))),
                logic.closeFor(ALIGN.plusSeconds(10)), "close times are exclusive");
        assertFalse(logic.isEmpty());
        assertEquals(ALIGN.plusSeconds(15), logic.notifyAt());
        assertEquals(1, logic.closeFor(Instant.MAX).size());
        assertTrue(logic.isEmpty());
        assertNull(logic.notifyAt());
        assertEquals(List.of(), logic.merged(), "sliding windows never merge");
    }

    @Test
    void lateValuesOpenNothing() {
        SlidingWindowerLogic logic = logic(10, 5);
        assertArrayEquals(new long[] {-1, 0}, logic.lateFor(ALIGN.plusSeconds(1)));
        assertTrue(logic.isEmpty());
    }

    @Test
    void resumesOpenWindowsFromItsSnapshot() {
        SlidingWindowerLogic logic = logic(10, 10);
        logic.openFor(ALIGN.plusSeconds(1));
        SlidingWindower.State state = logic.snapshot();
        assertEquals(Map.of(0L, new WindowMetadata(ALIGN, ALIGN.plusSeconds(10))), state.opened());
        logic.openFor(ALIGN.plusSeconds(11));
        assertEquals(1, state.opened().size(), "a snapshot does not change afterwards");
        WindowerLogic<SlidingWindower.State> resumed =
                new TumblingWindower(Duration.ofSeconds(10), ALIGN).build(state);
        assertEquals(List.of(new Windowed<>(0, new WindowMetadata(ALIGN, ALIGN.plusSeconds(10)))),
                resumed.closeFor(ALIGN.plusSeconds(30)));
    }

    @Test
    void rejectsOffsetsLongerThanTheLengthAndEmptyWindows() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SlidingWindower(Duration.ofSeconds(5), Duration.ofSeconds(10), ALIGN));
        assertTrue(e.getMessage().contains("can't be longer"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new SlidingWindower(Duration.ofSeconds(5), Duration.ZERO, ALIGN));
        assertThrows(IllegalArgumentException.class, () -> new TumblingWindower(Duration.ZERO, ALIGN));
    }
}
