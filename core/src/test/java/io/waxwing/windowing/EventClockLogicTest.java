package io.waxwing.windowing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.testing.TimeTestingGetter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** Bytewax's {@code test_event_clock.py}, and how the clock maps watermarks to system time. */
class EventClockLogicTest {
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration FOREVER = ChronoUnit.FOREVER.getDuration();

    private final TimeTestingGetter source = new TimeTestingGetter(START);

    private EventClockLogic<Instant> logic(Duration wait) {
        return new EventClockLogic<>(source, x -> x, wait, null);
    }

    private static Instant at(int seconds) {
        return START.plusSeconds(seconds);
    }

    @Test
    void watermarkStartsAtBeginningOfTime() {
        assertEquals(Instant.MIN, logic(Duration.ofSeconds(5)).onNotify());
    }

    @Test
    void watermarkIsItemTimestampMinusWait() {
        EventClockLogic<Instant> logic = logic(Duration.ofSeconds(5));
        logic.beforeBatch();
        ClockLogic.ItemTime t = logic.onItem(at(7));
        assertEquals(at(7), t.timestamp());
        assertEquals(at(2), t.watermark());
    }

    @Test
    void watermarkForwardsBySystemTime() {
        EventClockLogic<Instant> logic = logic(Duration.ofSeconds(5));
        logic.beforeBatch();
        logic.onItem(at(7));
        source.advance(Duration.ofSeconds(2));
        assertEquals(at(4), logic.onNotify());
    }

    @Test
    void watermarkAdvancesInBatch() {
        EventClockLogic<Instant> logic = logic(Duration.ofSeconds(5));
        logic.beforeBatch();
        logic.onItem(at(7));
        assertEquals(at(5), logic.onItem(at(10)).watermark());
    }

    @Test
    void watermarkDoesNotReverseInBatch() {
        EventClockLogic<Instant> logic = logic(Duration.ofSeconds(5));
        logic.beforeBatch();
        logic.onItem(at(7));
        assertEquals(at(2), logic.onItem(at(3)).watermark());
    }

    @Test
    void watermarkDoesNotReverseAndForwardsBySystemTimeNextBatch() {
        EventClockLogic<Instant> logic = logic(Duration.ofSeconds(5));
        logic.beforeBatch();
        logic.onItem(at(7));
        source.advance(Duration.ofSeconds(2));
        logic.beforeBatch();
        assertEquals(at(4), logic.onItem(at(3)).watermark());
    }

    @Test
    void watermarkDoesNotReverseWhenAdvancingItemIsSlowerThanSystemTime() {
        EventClockLogic<Instant> logic = logic(Duration.ofSeconds(5));
        logic.beforeBatch();
        logic.onItem(at(7)); // 7 - 5 = 2
        source.advance(Duration.ofSeconds(2)); // 2 + 2 = 4
        logic.beforeBatch();
        // This item alone would give 8 - 5 = 3, but the watermark stays at 4.
        assertEquals(at(4), logic.onItem(at(8)).watermark());
    }

    @Test
    void watermarkIsEndOfTimeOnEof() {
        EventClockLogic<Instant> logic = logic(Duration.ofSeconds(5));
        logic.onEof();
        assertEquals(Instant.MAX, logic.onEof());
    }

    @Test
    void watermarkDoesNotOverflowAfterEof() {
        EventClockLogic<Instant> logic = logic(Duration.ofSeconds(5));
        logic.onEof();
        source.advance(Duration.ofSeconds(2));
        assertEquals(Instant.MAX, logic.onEof());
    }

    @Test
    void allowsWaitingForeverFromTheStart() {
        EventClockLogic<Instant> logic = logic(FOREVER);
        logic.beforeBatch();
        assertEquals(Instant.MIN, logic.onItem(at(7)).watermark());
    }

    @Test
    void waitingForeverStillAdvancesWithSystemTimeAndNeverRegresses() {
        EventClockLogic<Instant> logic = logic(FOREVER);
        logic.beforeBatch();
        logic.onItem(at(7));
        source.advance(Duration.ofSeconds(2));
        logic.beforeBatch();
        assertEquals(Instant.MIN.plusSeconds(2), logic.onItem(at(10)).watermark());
    }

    @Test
    void watermarkHoldsStillWhenSystemTimeStepsBack() {
        EventClockLogic<Instant> logic = logic(Duration.ofSeconds(5));
        logic.beforeBatch();
        logic.onItem(at(7));
        source.advance(Duration.ofSeconds(3));
        assertEquals(at(5), logic.onNotify());
        source.set(START);
        assertEquals(at(5), logic.onNotify());
        source.set(at(4));
        assertEquals(at(6), logic.onNotify());
    }

    @Test
    void systemTimeToWakeIsWhenTheWatermarkReachesTheTimestamp() {
        EventClockLogic<Instant> logic = logic(Duration.ofSeconds(5));
        logic.beforeBatch();
        logic.onItem(at(7)); // watermark at(2): at(12) is 10 s of system time away
        Instant before = Instant.now();
        Instant wake = logic.toSystemUtc(at(12));
        Instant after = Instant.now();
        assertTrue(!wake.isBefore(before.plusSeconds(10)) && !wake.isAfter(after.plusSeconds(10)),
                "wake " + wake + " should be 10 s after now (" + before + ")");
        Instant due = logic.toSystemUtc(at(1));
        assertTrue(!due.isAfter(Instant.now()), "a timestamp the watermark has passed is due now");
    }

    @Test
    void systemTimeToWakeIsNullWhenTheWatermarkWillNeverGetThere() {
        EventClockLogic<Instant> logic = logic(FOREVER);
        logic.beforeBatch();
        logic.onItem(at(7));
        assertNull(logic.toSystemUtc(at(7)));
    }

    @Test
    void resumesTheWatermarkFromItsSnapshot() {
        EventClockLogic<Instant> logic = logic(Duration.ofSeconds(5));
        logic.beforeBatch();
        logic.onItem(at(7));
        EventClock.State state = logic.snapshot();
        assertEquals(new EventClock.State(START, at(2)), state);
        source.advance(Duration.ofSeconds(3));
        EventClockLogic<Instant> resumed = new EventClockLogic<>(source, x -> x, Duration.ofSeconds(5), state);
        assertEquals(at(5), resumed.onNotify());
    }

    @Test
    void rejectsANegativeWaitAndANullTimestamp() {
        assertThrows(IllegalArgumentException.class,
                () -> new EventClock<Instant>(x -> x, Duration.ofSeconds(-1)));
        ClockLogic<Instant, EventClock.State> logic =
                new EventClock<Instant>(x -> null, Duration.ZERO, source).build(null);
        logic.beforeBatch();
        NullPointerException e = assertThrows(NullPointerException.class, () -> logic.onItem(START));
        assertTrue(e.getMessage().contains("timestamp getter returned null"), e.getMessage());
    }

    @Test
    void onTheSystemClockTheBatchsReadingStandsInForItsOwn() {
        EventClockLogic<Instant> logic = new EventClockLogic<>(InstantSource.system(), x -> x,
                Duration.ofSeconds(5), null);
        // Readings the engine took for two batches: ten and twelve seconds from now.
        long batch = Instant.now().plusSeconds(10).getEpochSecond() * 1_000_000_000L;
        logic.beforeBatch(batch);
        logic.onItemNanos(at(7));
        assertEquals(at(2), logic.watermark(), "no system time has passed since the item in this batch");
        logic.beforeBatch(batch + 2_000_000_000L);
        assertEquals(at(4), logic.watermark(), "two seconds of the batches' system time");
        logic.beforeBatch(batch);
        assertEquals(at(4), logic.watermark(), "an earlier reading does not move the watermark back");
    }

    @Test
    void aClockOfItsOwnIgnoresTheBatchsReading() {
        EventClockLogic<Instant> logic = logic(Duration.ofSeconds(5));
        logic.beforeBatch(Long.MAX_VALUE / 2);
        logic.onItemNanos(at(7));
        source.advance(Duration.ofSeconds(1));
        logic.beforeBatch(Long.MAX_VALUE / 2);
        assertEquals(at(3), logic.watermark(), "the testing clock's second, not the engine's reading");
    }
}
