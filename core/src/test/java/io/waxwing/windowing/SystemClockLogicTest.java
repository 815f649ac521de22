package io.waxwing.windowing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.testing.TimeTestingGetter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Bytewax's {@code test_system_clock.py}, and the rest of the system clock's contract. */
class SystemClockLogicTest {
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    private final TimeTestingGetter source = new TimeTestingGetter(START);
    private final ClockLogic<Object, Void> logic = new SystemClock(source).build(null);

    @Test
    void watermarkIsEndOfTimeOnEof() {
        logic.onEof();
        assertEquals(Instant.MAX, logic.onEof());
    }

    @Test
    void timestampAndWatermarkAreTheTimeOfTheBatch() {
        source.advance(Duration.ofSeconds(3));
        logic.beforeBatch();
        source.advance(Duration.ofSeconds(1));
        assertEquals(new ClockLogic.ItemTime(START.plusSeconds(3), START.plusSeconds(3)), logic.onItem("x"));
        assertEquals(START.plusSeconds(4), logic.onNotify());
    }

    @Test
    void watermarkNeverGoesBackwards() {
        source.advance(Duration.ofSeconds(3));
        assertEquals(START.plusSeconds(3), logic.onNotify());
        source.set(START);
        assertEquals(START.plusSeconds(3), logic.onNotify());
    }

    @Test
    void wakesWhenTheSystemTimeReachesTheTimestampAndKeepsNoState() {
        Instant before = Instant.now();
        Instant wake = logic.toSystemUtc(START.plusSeconds(30));
        Instant after = Instant.now();
        assertTrue(!wake.isBefore(before.plusSeconds(30)) && !wake.isAfter(after.plusSeconds(30)), wake.toString());
        assertNull(logic.snapshot());
    }
}
