package io.waxwing.windowing;

import io.waxwing.windowing.internal.EpochNanos;
import io.waxwing.windowing.internal.NanosClockLogic;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The logic of {@link EventClock} and {@link BoundedOutOfOrdernessClock} for one key. The watermark
 * is the largest timestamp seen minus the wait ({@code watermarkBase}), plus the system time that
 * has passed since that timestamp was seen beyond {@code idle}: with {@code idle} zero, all of it
 * ({@link EventClock}); with {@code idle} {@code null}, none ({@link BoundedOutOfOrdernessClock}
 * without an idle timeout). Times are kept in epoch nanoseconds where they fit, so a value costs
 * no {@code java.time} arithmetic; the exact {@link Instant} forms are used outside that range.
 */
final class EventClockLogic<V> implements ClockLogic<V, EventClock.State>, NanosClockLogic<V> {
    private final InstantSource nowGetter;
    private final Function<? super V, Instant> tsGetter;
    /** Timestamps in epoch milliseconds, used instead of {@code tsGetter} when not {@code null}. */
    private final ToLongFunction<? super V> millisGetter;
    private final Duration wait;
    /** The wait in nanoseconds, or {@link EpochNanos#OUT_OF_RANGE} when it does not fit a long. */
    private final long waitNanos;
    /** System time after the largest timestamp before the watermark follows the system time; {@code null}: never. */
    private final Duration idle;
    private final long idleNanos;
    /** The system time when the largest timestamp was seen, in epoch nanoseconds (saturating). */
    private long systemTimeOfMaxEventNanos;
    /** That time when it does not fit epoch nanoseconds, else {@code null}: most keys store no object. */
    private Instant systemTimeOfMaxEventExact;
    /** The watermark base in epoch nanoseconds, when {@link #baseExact} is {@code null}. */
    private long baseNanos;
    /** The watermark base when it does not fit epoch nanoseconds (at first: the beginning of time). */
    private Instant baseExact;
    /** The last system time read, in epoch nanoseconds (saturating). */
    private long systemNowNanos;
    /** That time when it does not fit epoch nanoseconds, else {@code null}. */
    private Instant systemNowExact;
    private Instant lastTimestamp;
    /** Whether {@code nowGetter} is the system clock itself, so its readings are system times. */
    private final boolean realTime;

    EventClockLogic(InstantSource nowGetter, Function<? super V, Instant> tsGetter, Duration wait,
            EventClock.State resume) {
        this(nowGetter, tsGetter, null, wait, Duration.ZERO, resume);
    }

    EventClockLogic(InstantSource nowGetter, Function<? super V, Instant> tsGetter,
            ToLongFunction<? super V> millisGetter, Duration wait, Duration idle, EventClock.State resume) {
        this.nowGetter = nowGetter;
        this.tsGetter = tsGetter;
        this.millisGetter = millisGetter;
        this.wait = wait;
        this.waitNanos = nanosOrOutOfRange(wait);
        this.idle = idle;
        long i = idle == null ? Long.MAX_VALUE : nanosOrOutOfRange(idle);
        this.idleNanos = i == EpochNanos.OUT_OF_RANGE ? Long.MAX_VALUE : i;
        this.realTime = nowGetter == InstantSource.system();
        setSystemNow(nowGetter.instant());
        if (resume == null) {
            maxEventAtSystemNow();
            setBase(Instant.MIN);
        } else {
            Instant at = resume.systemTimeOfMaxEvent();
            systemTimeOfMaxEventNanos = EpochNanos.saturating(at);
            systemTimeOfMaxEventExact = fits(systemTimeOfMaxEventNanos) ? null : at;
            setBase(resume.watermarkBase());
        }
    }

    private static long nanosOrOutOfRange(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return EpochNanos.OUT_OF_RANGE;
        }
    }

    /** Whether saturating nanoseconds {@code n} are exact (not clamped at either end). */
    private static boolean fits(long n) {
        return n != Long.MIN_VALUE && n != Long.MAX_VALUE;
    }

    private void setSystemNow(Instant now) {
        systemNowNanos = EpochNanos.saturating(now);
        systemNowExact = fits(systemNowNanos) ? null : now;
    }

    private Instant systemNow() {
        return systemNowExact != null ? systemNowExact : EpochNanos.toInstant(systemNowNanos);
    }

    private Instant systemTimeOfMaxEvent() {
        return systemTimeOfMaxEventExact != null ? systemTimeOfMaxEventExact
                : EpochNanos.toInstant(systemTimeOfMaxEventNanos);
    }

    /** The largest timestamp was seen at the last system time read. */
    private void maxEventAtSystemNow() {
        systemTimeOfMaxEventNanos = systemNowNanos;
        if (systemTimeOfMaxEventExact != null || systemNowExact != null) {
            systemTimeOfMaxEventExact = systemNowExact;
        }
    }

    private void setBase(Instant base) {
        long n = EpochNanos.exact(base);
        if (n == EpochNanos.OUT_OF_RANGE) {
            baseExact = base;
        } else {
            baseNanos = n;
            baseExact = null;
        }
    }

    private Instant base() {
        return baseExact != null ? baseExact : EpochNanos.toInstant(baseNanos);
    }

    @Override
    public void beforeBatch() {
        if (idle == null) {
            // The watermark does not depend on the system time: reading it would only cost.
            return;
        }
        // The system time may step back (NTP, a reset clock); the watermark then holds still until
        // it catches up rather than going backwards.
        Instant now = nowGetter.instant();
        // Compared as nanoseconds: this logic's own field, not another object to load per value.
        long nowNanos = EpochNanos.saturating(now);
        if (nowNanos > systemNowNanos || (nowNanos == systemNowNanos && now.isAfter(systemNow()))) {
            setSystemNow(now);
        }
    }

    @Override
    public void beforeBatch(long batchSystemNanos) {
        if (!realTime || idle == null) {
            // A clock of the user's own (tests, simulations) is read as before; with no idle
            // timeout the system time does not matter.
            beforeBatch();
            return;
        }
        // The engine read the system clock for this batch: the same reading beforeBatch would
        // take, once per batch instead of once per value. It never steps the time back either.
        if (batchSystemNanos > systemNowNanos) {
            systemNowNanos = batchSystemNanos;
            systemNowExact = null;
        }
    }

    /** The system time, in nanoseconds, by which the watermark has moved past its base at {@code nowNanos}. */
    private long elapsedNanos(long nowNanos) {
        if (idle == null) {
            return 0;
        }
        long elapsed = EpochNanos.minus(nowNanos, systemTimeOfMaxEventNanos);
        if (idleNanos == 0) {
            return elapsed;
        }
        return Math.max(0, EpochNanos.minus(elapsed, idleNanos));
    }

    /** The exact watermark at system time {@code now}. */
    private Instant watermarkAt(Instant now) {
        if (idle == null) {
            return base();
        }
        Duration elapsed = Duration.between(systemTimeOfMaxEvent(), now);
        if (!idle.isZero()) {
            elapsed = elapsed.compareTo(idle) <= 0 ? Duration.ZERO : elapsed.minus(idle);
        }
        return SaturatingTime.plus(base(), elapsed);
    }

    @Override
    public Instant watermark() {
        if (baseExact == null) {
            long watermark = EpochNanos.plus(baseNanos, elapsedNanos(systemNowNanos));
            if (watermark != Long.MIN_VALUE && watermark != Long.MAX_VALUE) {
                return EpochNanos.toInstant(watermark);
            }
        }
        return watermarkAt(systemNow());
    }

    @Override
    public long watermarkNanos() {
        if (baseExact != null) {
            // Before the range of a long (the beginning of time, as for every new key) the
            // watermark stays there unless about three centuries of system time have passed.
            long seconds = baseExact.getEpochSecond();
            if (seconds < -20_000_000_000L && elapsedNanos(systemNowNanos) < Long.MAX_VALUE / 2) {
                return Long.MIN_VALUE;
            }
            return EpochNanos.saturating(watermarkAt(systemNow()));
        }
        return EpochNanos.plus(baseNanos, elapsedNanos(systemNowNanos));
    }

    @Override
    public Instant lastTimestamp() {
        return lastTimestamp;
    }

    @Override
    public long onItemNanos(V value) {
        long ts;
        if (millisGetter != null) {
            long millis = millisGetter.applyAsLong(value);
            ts = EpochNanos.ofMillis(millis);
            if (ts == EpochNanos.OUT_OF_RANGE) {
                lastTimestamp = Instant.ofEpochMilli(millis);
                onExactItem(lastTimestamp);
                return EpochNanos.OUT_OF_RANGE;
            }
        } else {
            Instant timestamp = tsGetter.apply(value);
            if (timestamp == null) {
                throw new NullPointerException("the EventClock's timestamp getter returned null for " + value);
            }
            ts = EpochNanos.exact(timestamp);
            if (ts == EpochNanos.OUT_OF_RANGE) {
                lastTimestamp = timestamp;
                onExactItem(timestamp);
                return EpochNanos.OUT_OF_RANGE;
            }
        }
        if (waitNanos != EpochNanos.OUT_OF_RANGE && ts >= Long.MIN_VALUE + waitNanos) {
            long base = ts - waitNanos;
            // Exact although the watermark saturates: base is strictly inside a long's range.
            if (base > watermarkNanos()) {
                baseNanos = base;
                baseExact = null;
                maxEventAtSystemNow();
            }
            return ts;
        }
        onExactItem(EpochNanos.toInstant(ts));
        return ts;
    }

    /** {@link #onItemNanos} in exact {@code Instant} arithmetic, for times that do not fit a long. */
    private void onExactItem(Instant timestamp) {
        Instant watermark = watermark();
        try {
            Instant base = timestamp.minus(wait);
            if (base.isAfter(watermark)) {
                setBase(base);
                maxEventAtSystemNow();
            }
        } catch (DateTimeException | ArithmeticException unrepresentable) {
            // The timestamp minus the wait is before the beginning of time: it cannot move the
            // watermark, which keeps advancing with the system time instead.
        }
    }

    @Override
    public ItemTime onItem(V value) {
        long ts = onItemNanos(value);
        return new ItemTime(ts == EpochNanos.OUT_OF_RANGE ? lastTimestamp : EpochNanos.toInstant(ts), watermark());
    }

    @Override
    public Instant onNotify() {
        beforeBatch();
        return watermark();
    }

    @Override
    public Instant onEof() {
        return Instant.MAX;
    }

    @Override
    public Instant toSystemUtc(Instant timestamp) {
        Instant now = SaturatingTime.max(nowGetter.instant(), systemNow());
        Duration delay = Duration.between(watermarkAt(now), timestamp);
        if (delay.isNegative() || delay.isZero()) {
            return SaturatingTime.systemTimeAfter(Duration.ZERO);
        }
        if (idle == null) {
            return null;
        }
        if (!idle.isZero()) {
            // Still within the idle timeout: the watermark starts moving only when it has passed.
            Instant idleEnd = SaturatingTime.plus(systemTimeOfMaxEvent(), idle);
            if (idleEnd.isAfter(now)) {
                delay = delay.plus(Duration.between(now, idleEnd));
            }
        }
        return SaturatingTime.systemTimeAfter(delay);
    }

    @Override
    public long nowNanos() {
        // The reading of this value's beforeBatch when it was the system clock's: one reading per value.
        return realTime && idle != null ? systemNowNanos : EpochNanos.systemNow();
    }

    @Override
    public long toSystemNanos(long timestampNanos, long realNow) {
        long watermark = watermarkNanos();
        if (timestampNanos <= watermark) {
            return realNow;
        }
        if (idle == null) {
            return Long.MAX_VALUE;
        }
        if (baseExact != null) {
            Instant at = toSystemUtc(EpochNanos.toInstant(timestampNanos));
            return at == null ? Long.MAX_VALUE : EpochNanos.saturating(at);
        }
        long delay = EpochNanos.minus(timestampNanos, watermark);
        if (idleNanos != 0) {
            long idleEnd = EpochNanos.plus(systemTimeOfMaxEventNanos, idleNanos);
            if (idleEnd > systemNowNanos) {
                delay = EpochNanos.plus(delay, EpochNanos.minus(idleEnd, systemNowNanos));
            }
        }
        return EpochNanos.plus(realNow, delay);
    }

    @Override
    public EventClock.State snapshot() {
        return new EventClock.State(systemTimeOfMaxEvent(), base());
    }
}
