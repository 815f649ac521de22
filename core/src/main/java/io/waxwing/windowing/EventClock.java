package io.waxwing.windowing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Uses a timestamp carried by each value: Bytewax's {@code EventClock}. The watermark is the
 * largest timestamp seen so far minus {@code waitForSystemDuration}, plus the system time that has
 * passed since that value was seen; so windows close even when no more values arrive, and values
 * are on time as long as they are no more than {@code waitForSystemDuration} out of order. At end
 * of input every window closes.
 *
 * <pre>{@code
 * EventClock<Event> clock = new EventClock<>(Event::time, Duration.ofSeconds(10));
 * // in tests, with a clock that only moves when told to:
 * var now = new TimeTestingGetter(Instant.parse("2024-01-01T00:00:00Z"));
 * EventClock<Event> testClock = new EventClock<>(Event::time, Duration.ZERO, now);
 * }</pre>
 *
 * <p>To never let the watermark pass the timestamps (windows then close at end of input only), wait
 * "forever": {@code java.time.temporal.ChronoUnit.FOREVER.getDuration()}.
 *
 * <p>Unlike Bytewax, there is no {@code to_system_utc} parameter: the clock itself works out at
 * which system time its watermark reaches a window's close, from the system time of the largest
 * timestamp.
 *
 * @param tsGetter              the timestamp of a value; must not return {@code null}
 * @param waitForSystemDuration how much system time to wait after seeing a timestamp before the
 *                              watermark reaches it; not negative
 * @param nowGetter             where the system time comes from; {@link InstantSource#system()}
 *                              unless a test passes a {@link io.waxwing.testing.TimeTestingGetter}
 * @param <V>                   the type of the values it timestamps
 */
public record EventClock<V>(Function<? super V, Instant> tsGetter, Duration waitForSystemDuration,
        InstantSource nowGetter) implements Clock<V, EventClock.State> {

    /**
     * The snapshot of an event clock: the watermark is {@code watermarkBase} plus the system time
     * since {@code systemTimeOfMaxEvent}.
     *
     * <pre>{@code new EventClock.State(Instant.now(), Instant.MIN)}</pre>
     *
     * @param systemTimeOfMaxEvent the system time at which the largest timestamp was seen
     * @param watermarkBase        that timestamp minus the wait
     */
    public record State(Instant systemTimeOfMaxEvent, Instant watermarkBase) {
        public State {
            Objects.requireNonNull(systemTimeOfMaxEvent, "systemTimeOfMaxEvent");
            Objects.requireNonNull(watermarkBase, "watermarkBase");
        }
    }

    public EventClock {
        Objects.requireNonNull(tsGetter, "tsGetter");
        Objects.requireNonNull(waitForSystemDuration, "waitForSystemDuration");
        Objects.requireNonNull(nowGetter, "nowGetter");
        if (waitForSystemDuration.isNegative()) {
            throw new IllegalArgumentException("an EventClock's waitForSystemDuration must not be negative, got "
                    + waitForSystemDuration);
        }
    }

    /** A clock whose watermark advances with the system time in UTC. */
    public EventClock(Function<? super V, Instant> tsGetter, Duration waitForSystemDuration) {
        this(tsGetter, waitForSystemDuration, InstantSource.system());
    }

    /**
     * A clock reading each value's timestamp as epoch milliseconds, the form most event data
     * carries: no {@link Instant} is made per value.
     *
     * <pre>{@code EventClock<Event> clock = EventClock.ofEpochMillis(Event::timestampMs, Duration.ofMillis(50));}</pre>
     *
     * @param epochMillisGetter the timestamp of a value in milliseconds since 1970-01-01T00:00:00Z
     */
    public static <V> EventClock<V> ofEpochMillis(ToLongFunction<? super V> epochMillisGetter,
            Duration waitForSystemDuration) {
        return new EventClock<>(new EpochMillisGetter<>(epochMillisGetter), waitForSystemDuration);
    }

    @Override
    public ClockLogic<V, State> build(State resumeState) {
        return new EventClockLogic<>(nowGetter, tsGetter, EpochMillisGetter.millisOf(tsGetter), waitForSystemDuration,
                Duration.ZERO, resumeState);
    }
}
