package io.waxwing.windowing.internal;

import io.waxwing.internal.prefetch.KeyState;
import io.waxwing.windowing.ClockLogic;
import io.waxwing.windowing.EventClock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * One key's state of {@link EventClock} or {@link io.waxwing.windowing.BoundedOutOfOrdernessClock},
 * and what the clock does with it; what every key of a clock shares is in its {@link Settings}. The
 * watermark is the largest timestamp seen minus the wait ({@code watermarkBase}), plus the system
 * time that has passed since that timestamp was seen beyond {@code idle}: with {@code idle} zero,
 * all of it ({@link EventClock}); with {@code idle} {@code null}, none (a bounded-out-of-orderness
 * clock without an idle timeout). Times are kept in epoch nanoseconds where they fit, so a value
 * costs no {@code java.time} arithmetic; the exact {@link Instant} forms are used outside that range.
 *
 * <p>The clocks' own logic extends it, and so does the window logic of a {@code foldWindow} over
 * tumbling windows ({@link TumblingFoldKeyLogic}), which then keeps its key's clock in its own
 * object: a value reads one object where it read two, one found only through the other. For the
 * same reason it is a {@link KeyState}: the stateful step keeps its bookkeeping of the key (its
 * wake times, its changed mark) in that object too, where it would keep an object of its own. A
 * clock's own logic leaves those fields unused.
 *
 * <pre>{@code
 * Settings<Event> clock = new Settings<>(InstantSource.system(), Event::ts, null, Duration.ofMillis(50),
 *     Duration.ZERO, MyClockLogic::new);   // MyClockLogic(EventClockState<Event> from) copies a key's state
 * }</pre>
 *
 * @param <V> the type of the values it timestamps
 */
public abstract class EventClockState<V> extends KeyState implements NanosClockLogic<V> {

    /**
     * What every key of one clock shares: where the system time comes from, the timestamp getter,
     * the wait and the idle timeout, and how to make the clock's own logic from a key's state.
     *
     * @param <V> the type of the values the clock timestamps
     */
    public static final class Settings<V> {
        final InstantSource nowGetter;
        final Function<? super V, Instant> tsGetter;
        /** Timestamps in epoch milliseconds, used instead of {@code tsGetter} when not {@code null}. */
        final ToLongFunction<? super V> millisGetter;
        final Duration wait;
        /** The wait in nanoseconds, or {@link EpochNanos#OUT_OF_RANGE} when it does not fit a long. */
        final long waitNanos;
        /** System time after the largest timestamp before the watermark follows the system time; {@code null}: never. */
        final Duration idle;
        final long idleNanos;
        /** Whether {@code nowGetter} is the system clock itself, so its readings are system times. */
        final boolean realTime;
        private final Function<EventClockState<V>, ClockLogic<V, EventClock.State>> logicOf;

        /**
         * {@code logicOf} makes the clock's own logic from a key's state (copying it), for a window
         * logic that hands its key over to the general one.
         */
        public Settings(InstantSource nowGetter, Function<? super V, Instant> tsGetter,
                ToLongFunction<? super V> millisGetter, Duration wait, Duration idle,
                Function<EventClockState<V>, ClockLogic<V, EventClock.State>> logicOf) {
            this.nowGetter = Objects.requireNonNull(nowGetter, "nowGetter");
            this.tsGetter = Objects.requireNonNull(tsGetter, "tsGetter");
            this.millisGetter = millisGetter;
            this.wait = Objects.requireNonNull(wait, "wait");
            this.waitNanos = nanosOrOutOfRange(wait);
            this.idle = idle;
            long i = idle == null ? Long.MAX_VALUE : nanosOrOutOfRange(idle);
            this.idleNanos = i == EpochNanos.OUT_OF_RANGE ? Long.MAX_VALUE : i;
            this.realTime = nowGetter == InstantSource.system();
            this.logicOf = Objects.requireNonNull(logicOf, "logicOf");
        }

        private static long nanosOrOutOfRange(Duration d) {
            try {
                return d.toNanos();
            } catch (ArithmeticException tooLong) {
                return EpochNanos.OUT_OF_RANGE;
            }
        }
    }

    private final Settings<V> settings;
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

    /** A key's clock from its snapshot, or from scratch when {@code resume} is {@code null}. */
    protected EventClockState(Settings<V> settings, EventClock.State resume) {
        this.settings = settings;
        setSystemNow(settings.nowGetter.instant());
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

    /** A copy of {@code from}: the same settings, the same state. */
    protected EventClockState(EventClockState<V> from) {
        this.settings = from.settings;
        this.systemTimeOfMaxEventNanos = from.systemTimeOfMaxEventNanos;
        this.systemTimeOfMaxEventExact = from.systemTimeOfMaxEventExact;
        this.baseNanos = from.baseNanos;
        this.baseExact = from.baseExact;
        this.systemNowNanos = from.systemNowNanos;
        this.systemNowExact = from.systemNowExact;
        this.lastTimestamp = from.lastTimestamp;
    }

    /** What this clock shares with every other key's. */
    public final Settings<V> settings() {
        return settings;
    }

    /** The clock's own logic with a copy of this key's state. */
    protected final ClockLogic<V, EventClock.State> toClockLogic() {
        return settings.logicOf.apply(this);
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

    /** Reads the system time for the values that follow (never stepping it back). */
    public void beforeBatch() {
        if (settings.idle == null) {
            // The watermark does not depend on the system time: reading it would only cost.
            return;
        }
        // The system time may step back (NTP, a reset clock); the watermark then holds still until
        // it catches up rather than going backwards.
        Instant now = settings.nowGetter.instant();
        // Compared as nanoseconds: this logic's own field, not another object to load per value.
        long nowNanos = EpochNanos.saturating(now);
        if (nowNanos > systemNowNanos || (nowNanos == systemNowNanos && now.isAfter(systemNow()))) {
            setSystemNow(now);
        }
    }

    @Override
    public void beforeBatch(long batchSystemNanos) {
        if (!settings.realTime || settings.idle == null) {
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
        if (settings.idle == null) {
            return 0;
        }
        long elapsed = EpochNanos.minus(nowNanos, systemTimeOfMaxEventNanos);
        if (settings.idleNanos == 0) {
            return elapsed;
        }
        return Math.max(0, EpochNanos.minus(elapsed, settings.idleNanos));
    }

    /** The exact watermark at system time {@code now}. */
    private Instant watermarkAt(Instant now) {
        Duration idle = settings.idle;
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
        if (settings.millisGetter != null) {
            long millis = settings.millisGetter.applyAsLong(value);
            ts = EpochNanos.ofMillis(millis);
            if (ts == EpochNanos.OUT_OF_RANGE) {
                lastTimestamp = Instant.ofEpochMilli(millis);
                onExactItem(lastTimestamp);
                return EpochNanos.OUT_OF_RANGE;
            }
        } else {
            Instant timestamp = settings.tsGetter.apply(value);
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
        long waitNanos = settings.waitNanos;
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
            Instant base = timestamp.minus(settings.wait);
            if (base.isAfter(watermark)) {
                setBase(base);
                maxEventAtSystemNow();
            }
        } catch (DateTimeException | ArithmeticException unrepresentable) {
            // The timestamp minus the wait is before the beginning of time: it cannot move the
            // watermark, which keeps advancing with the system time instead.
        }
    }

    /**
     * The system time at which the watermark will have reached {@code timestamp} if no value
     * arrives: now when it has already, {@code null} for never (as {@code ClockLogic.toSystemUtc}).
     */
    public Instant toSystemUtc(Instant timestamp) {
        Instant now = SaturatingTime.max(settings.nowGetter.instant(), systemNow());
        Duration delay = Duration.between(watermarkAt(now), timestamp);
        if (delay.isNegative() || delay.isZero()) {
            return SaturatingTime.systemTimeAfter(Duration.ZERO);
        }
        Duration idle = settings.idle;
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
        return settings.realTime && settings.idle != null ? systemNowNanos : EpochNanos.systemNow();
    }

    @Override
    public long toSystemNanos(long timestampNanos, long realNow) {
        long watermark = watermarkNanos();
        if (timestampNanos <= watermark) {
            return realNow;
        }
        if (settings.idle == null) {
            return Long.MAX_VALUE;
        }
        if (baseExact != null) {
            Instant at = toSystemUtc(EpochNanos.toInstant(timestampNanos));
            return at == null ? Long.MAX_VALUE : EpochNanos.saturating(at);
        }
        long delay = EpochNanos.minus(timestampNanos, watermark);
        long idleNanos = settings.idleNanos;
        if (idleNanos != 0) {
            long idleEnd = EpochNanos.plus(systemTimeOfMaxEventNanos, idleNanos);
            if (idleEnd > systemNowNanos) {
                delay = EpochNanos.plus(delay, EpochNanos.minus(idleEnd, systemNowNanos));
            }
        }
        return EpochNanos.plus(realNow, delay);
    }

    /** This key's clock state, as the clock's snapshot. */
    public EventClock.State clockState() {
        return new EventClock.State(systemTimeOfMaxEvent(), base());
    }
}
