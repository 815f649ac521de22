package io.waxwing.windowing;

import io.waxwing.windowing.internal.SaturatingTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** The logic of {@link SystemClock}: timestamps and watermark are both "now". */
final class SystemClockLogic implements ClockLogic<Object, Void> {
    private final InstantSource nowGetter;
    private Instant now;

    SystemClockLogic(InstantSource nowGetter) {
        this.nowGetter = nowGetter;
        this.now = nowGetter.instant();
    }

    /** Reads the time, never going backwards: watermarks must not regress when the clock is reset. */
    private Instant read() {
        return SaturatingTime.max(nowGetter.instant(), now);
    }

    @Override
    public void beforeBatch() {
        now = read();
    }

    @Override
    public ItemTime onItem(Object value) {
        return new ItemTime(now, now);
    }

    @Override
    public Instant onNotify() {
        now = read();
        return now;
    }

    @Override
    public Instant onEof() {
        return Instant.MAX;
    }

    @Override
    public Instant toSystemUtc(Instant timestamp) {
        return SaturatingTime.systemTimeAfter(Duration.between(read(), timestamp));
    }

    @Override
    public Void snapshot() {
        return null;
    }
}
