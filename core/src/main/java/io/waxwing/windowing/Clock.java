package io.waxwing.windowing;

/**
 * A sense of time for a window operator: Bytewax's {@code Clock}. It builds one
 * {@link ClockLogic} per key, from that key's resume state. Use {@link EventClock} for timestamps
 * carried by the values or {@link SystemClock} for the time values are processed; implement this
 * interface (with a {@link ClockLogic}) for anything else.
 *
 * <pre>{@code
 * Clock<Event, EventClock.State> clock = new EventClock<>(Event::time, Duration.ofSeconds(10));
 * keyed.collectWindow("collect", clock, new TumblingWindower(Duration.ofMinutes(1), alignTo));
 * }</pre>
 *
 * @param <V> the type of the values it timestamps
 * @param <S> the type of its logic's snapshots: plain data, so that it can be stored
 */
@FunctionalInterface
public interface Clock<V, S> {
    /**
     * Builds the clock logic of one key.
     *
     * @param resumeState what {@link ClockLogic#snapshot()} returned before a resume, or
     *                    {@code null} for a new key
     */
    ClockLogic<V, S> build(S resumeState);
}
