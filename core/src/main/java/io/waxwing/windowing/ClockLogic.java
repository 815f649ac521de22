package io.waxwing.windowing;

import java.time.Instant;

/**
 * The clock of one key of a window operator: Bytewax's {@code ClockLogic}. It gives each value a
 * timestamp and tells the operator the watermark: the time before which no more values are
 * expected. Values older than the watermark are late. Watermarks it returns must never go
 * backwards.
 *
 * <p>The operator calls {@link #beforeBatch()} and then {@link #onItem} for each value,
 * {@link #onNotify()} when it is woken without a value, and {@link #onEof()} when the input ends.
 *
 * <pre>{@code
 * ClockLogic<Event, EventClock.State> logic = clock.build(null);
 * logic.beforeBatch();
 * ClockLogic.ItemTime t = logic.onItem(event);   // t.timestamp(), t.watermark()
 * }</pre>
 *
 * @param <V> the type of the values it timestamps
 * @param <S> the type of its snapshots
 */
public interface ClockLogic<V, S> {

    /**
     * The timestamp of one value and the watermark after it.
     *
     * <pre>{@code ClockLogic.ItemTime t = new ClockLogic.ItemTime(ts, ts.minusSeconds(5));}</pre>
     */
    record ItemTime(Instant timestamp, Instant watermark) {
    }

    /** Prepares for values that arrive together, for example by reading the system time once. */
    void beforeBatch();

    /** The timestamp of {@code value} and the watermark once it has been seen. */
    ItemTime onItem(V value);

    /** The watermark now, when there is no value. */
    Instant onNotify();

    /**
     * The watermark at end of input. Returning {@link Instant#MAX} closes every window; it should
     * not change the state that {@link #snapshot()} returns, so that a resumed execution
     * continues from where the input ended.
     */
    Instant onEof();

    /**
     * The system time (as {@link java.time.InstantSource#system()} tells it) at which the
     * watermark will have reached {@code timestamp} if no value arrives, so that the operator is
     * woken to close windows then; {@code null} means never (windows then close only when values
     * arrive or the input ends). For a timestamp the watermark has not reached yet, the result
     * must be after the current system time.
     */
    Instant toSystemUtc(Instant timestamp);

    /**
     * The state to resume this clock from: plain data (records of instants, numbers, lists,
     * maps), not changed afterwards.
     */
    S snapshot();
}
