package io.waxwing.windowing.internal;

import java.time.Instant;

/**
 * A {@link io.waxwing.windowing.ClockLogic} that can also give timestamps and watermarks in epoch
 * nanoseconds ({@link EpochNanos}), so that the window operator allocates nothing per value. The
 * built-in event clocks implement it; the window operator uses it when the clock does.
 *
 * <pre>{@code
 * long ts = clock.onItemNanos(value);          // then clock.watermarkNanos()
 * Instant t = ts == EpochNanos.OUT_OF_RANGE ? clock.lastTimestamp() : EpochNanos.toInstant(ts);
 * }</pre>
 *
 * @param <V> the type of the values it timestamps
 */
public interface NanosClockLogic<V> {

    /**
     * Does what {@code beforeBatch} does, given the system time the engine read for the batch
     * ({@link io.waxwing.internal.time.BatchTime}) in epoch nanoseconds: a clock that follows the
     * system clock takes that reading instead of its own, one with a time source of its own reads
     * that as before.
     */
    void beforeBatch(long batchSystemNanos);

    /**
     * Does what {@code onItem} does and returns the value's timestamp in epoch nanoseconds, or
     * {@link EpochNanos#OUT_OF_RANGE} when it does not fit a long: {@link #lastTimestamp()} then
     * gives it.
     */
    long onItemNanos(V value);

    /** The exact timestamp of the last value {@link #onItemNanos} returned out of range for. */
    Instant lastTimestamp();

    /** The current watermark in epoch nanoseconds, saturating ({@link EpochNanos#saturating}). */
    long watermarkNanos();

    /** The current watermark, exact. */
    Instant watermark();

    /**
     * The system time in epoch nanoseconds, as of the last value or notification when the clock
     * read it then (a few microseconds ago), so that the operator need not read it again.
     */
    long nowNanos();

    /**
     * The system time, in epoch nanoseconds, at which the watermark will have reached
     * {@code timestampNanos} if no value arrives, given that the system time is {@code nowNanos}:
     * {@link Long#MAX_VALUE} for never (or beyond what a long holds). Like {@code toSystemUtc}.
     */
    long toSystemNanos(long timestampNanos, long nowNanos);
}
