package io.waxwing.windowing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Uses a timestamp carried by each value, with a watermark driven by the data alone: the largest
 * timestamp seen so far minus {@code maxOutOfOrderness} (Flink's bounded-out-of-orderness
 * watermarks). Unlike {@link EventClock}, the watermark does not move with the system time, so
 * which values are late and what each window holds depend only on the values and their order per
 * key: replaying the same input gives the same windows whatever the number of workers or
 * processes and however fast they run. A key's windows close when a later value of that key
 * arrives, or when the input ends (then every window closes).
 *
 * <pre>{@code
 * var clock = new BoundedOutOfOrdernessClock<Event>(Event::time, Duration.ofSeconds(5));
 * var fromMillis = BoundedOutOfOrdernessClock.ofEpochMillis(Event::timestampMs, Duration.ofMillis(50));
 * // a live source where a key may fall silent: after 1 minute without a value, the watermark
 * // moves on with the system time as an EventClock's does
 * var live = new BoundedOutOfOrdernessClock<Event>(Event::time, Duration.ofSeconds(5), Duration.ofMinutes(1));
 * }</pre>
 *
 * <p>Like Flink's {@code withIdleness}, the optional {@code idleTimeout} trades determinism for
 * progress: once a key has seen no value for that long in system time, its watermark advances
 * with the system time from where the data left it, so that its last windows close without more
 * data. Then a replay is deterministic only as long as no key's values are that far apart in
 * processing.
 *
 * <p>Its snapshot is an {@link EventClock.State}: {@code watermarkBase} is the watermark and
 * {@code systemTimeOfMaxEvent} the system time it was reached (used only by the idle timeout).
 *
 * @param tsGetter          the timestamp of a value; must not return {@code null}
 * @param maxOutOfOrderness how far behind the largest timestamp seen a value may be and still be
 *                          on time; not negative
 * @param idleTimeout       system time without a value after which the watermark follows the
 *                          system time; {@code null} for never (windows then close only with
 *                          later values or at the end of input); positive otherwise
 * @param nowGetter         where the system time comes from, for the idle timeout;
 *                          {@link InstantSource#system()} unless a test passes a
 *                          {@link io.waxwing.testing.TimeTestingGetter}
 * @param <V>               the type of the values it timestamps
 */
public record BoundedOutOfOrdernessClock<V>(Function<? super V, Instant> tsGetter, Duration maxOutOfOrderness,
        Duration idleTimeout, InstantSource nowGetter) implements Clock<V, EventClock.State> {

    public BoundedOutOfOrdernessClock {
        Objects.requireNonNull(tsGetter, "tsGetter");
        Objects.requireNonNull(maxOutOfOrderness, "maxOutOfOrderness");
        Objects.requireNonNull(nowGetter, "nowGetter");
        if (maxOutOfOrderness.isNegative()) {
            throw new IllegalArgumentException("a BoundedOutOfOrdernessClock's maxOutOfOrderness must not be negative, got "
                    + maxOutOfOrderness);
        }
        if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
            throw new IllegalArgumentException("a BoundedOutOfOrdernessClock's idleTimeout must be positive, got "
                    + idleTimeout + "; pass null for no idle timeout, or use an EventClock to follow the system "
                    + "time at once");
        }
    }

    /** A clock whose watermark moves only with the timestamps: no idle timeout. */
    public BoundedOutOfOrdernessClock(Function<? super V, Instant> tsGetter, Duration maxOutOfOrderness) {
        this(tsGetter, maxOutOfOrderness, null, InstantSource.system());
    }

    /** A clock whose watermark follows the system time once a key has been idle for {@code idleTimeout}. */
    public BoundedOutOfOrdernessClock(Function<? super V, Instant> tsGetter, Duration maxOutOfOrderness,
            Duration idleTimeout) {
        this(tsGetter, maxOutOfOrderness, idleTimeout, InstantSource.system());
    }

    /**
     * A clock reading each value's timestamp as epoch milliseconds: no {@link Instant} is made per
     * value. No idle timeout.
     *
     * <pre>{@code var clock = BoundedOutOfOrdernessClock.ofEpochMillis(Event::timestampMs, Duration.ofMillis(50));}</pre>
     */
    public static <V> BoundedOutOfOrdernessClock<V> ofEpochMillis(ToLongFunction<? super V> epochMillisGetter,
            Duration maxOutOfOrderness) {
        return new BoundedOutOfOrdernessClock<>(new EpochMillisGetter<>(epochMillisGetter), maxOutOfOrderness);
    }

    /** {@link #ofEpochMillis(ToLongFunction, Duration)} with an idle timeout. */
    public static <V> BoundedOutOfOrdernessClock<V> ofEpochMillis(ToLongFunction<? super V> epochMillisGetter,
            Duration maxOutOfOrderness, Duration idleTimeout) {
        return new BoundedOutOfOrdernessClock<>(new EpochMillisGetter<>(epochMillisGetter), maxOutOfOrderness,
                idleTimeout);
    }

    @Override
    public ClockLogic<V, EventClock.State> build(EventClock.State resumeState) {
        return new EventClockLogic<>(nowGetter, tsGetter, EpochMillisGetter.millisOf(tsGetter), maxOutOfOrderness,
                idleTimeout, resumeState);
    }
}
