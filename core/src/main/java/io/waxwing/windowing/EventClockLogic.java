package io.waxwing.windowing;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Function;

/** The logic of {@link EventClock} for one key. */
final class EventClockLogic<V> implements ClockLogic<V, EventClock.State> {
    private final InstantSource nowGetter;
    private final Function<? super V, Instant> tsGetter;
    private final Duration wait;
    private Instant systemTimeOfMaxEvent;
    private Instant watermarkBase;
    private Instant systemNow;

    EventClockLogic(InstantSource nowGetter, Function<? super V, Instant> tsGetter, Duration wait,
            EventClock.State resume) {
        this.nowGetter = nowGetter;
        this.tsGetter = tsGetter;
        this.wait = wait;
        this.systemNow = nowGetter.instant();
        if (resume == null) {
            this.systemTimeOfMaxEvent = systemNow;
            this.watermarkBase = Instant.MIN;
        } else {
            this.systemTimeOfMaxEvent = resume.systemTimeOfMaxEvent();
            this.watermarkBase = resume.watermarkBase();
        }
    }

    @Override
    public void beforeBatch() {
        // The system time may step back (NTP, a reset clock); the watermark then holds still until
        // it catches up rather than going backwards.
        systemNow = SaturatingTime.max(nowGetter.instant(), systemNow);
    }

    private Instant watermarkAt(Instant now) {
        return SaturatingTime.plus(watermarkBase, Duration.between(systemTimeOfMaxEvent, now));
    }

    @Override
    public ItemTime onItem(V value) {
        Instant timestamp = tsGetter.apply(value);
        if (timestamp == null) {
            throw new NullPointerException("the EventClock's timestamp getter returned null for " + value);
        }
        Instant watermark = watermarkAt(systemNow);
        try {
            Instant base = timestamp.minus(wait);
            if (base.isAfter(watermark)) {
                watermarkBase = base;
                systemTimeOfMaxEvent = systemNow;
                return new ItemTime(timestamp, base);
            }
        } catch (DateTimeException | ArithmeticException unrepresentable) {
            // The timestamp minus the wait is before the beginning of time: it cannot move the
            // watermark, which keeps advancing with the system time instead.
        }
        return new ItemTime(timestamp, watermark);
    }

    @Override
    public Instant onNotify() {
        beforeBatch();
        return watermarkAt(systemNow);
    }

    @Override
    public Instant onEof() {
        return Instant.MAX;
    }

    @Override
    public Instant toSystemUtc(Instant timestamp) {
        Instant watermark = watermarkAt(SaturatingTime.max(nowGetter.instant(), systemNow));
        return SaturatingTime.systemTimeAfter(Duration.between(watermark, timestamp));
    }

    @Override
    public EventClock.State snapshot() {
        return new EventClock.State(systemTimeOfMaxEvent, watermarkBase);
    }
}
