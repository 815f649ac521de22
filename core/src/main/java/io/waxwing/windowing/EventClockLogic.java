package io.waxwing.windowing;

import io.waxwing.windowing.internal.EpochNanos;
import io.waxwing.windowing.internal.EventClockState;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The logic of {@link EventClock} and {@link BoundedOutOfOrdernessClock} for one key: the clock's
 * state and arithmetic ({@link EventClockState}) behind the {@link ClockLogic} calls.
 */
final class EventClockLogic<V> extends EventClockState<V> implements ClockLogic<V, EventClock.State> {

    EventClockLogic(InstantSource nowGetter, Function<? super V, Instant> tsGetter, Duration wait,
            EventClock.State resume) {
        this(nowGetter, tsGetter, null, wait, Duration.ZERO, resume);
    }

    EventClockLogic(InstantSource nowGetter, Function<? super V, Instant> tsGetter,
            ToLongFunction<? super V> millisGetter, Duration wait, Duration idle, EventClock.State resume) {
        super(new Settings<>(nowGetter, tsGetter, millisGetter, wait, idle, EventClockLogic::new), resume);
    }

    /** A copy of another key state of the same clock. */
    private EventClockLogic(EventClockState<V> from) {
        super(from);
    }

    @Override
    public ItemTime onItem(V value) {
        long ts = onItemNanos(value);
        return new ItemTime(ts == EpochNanos.OUT_OF_RANGE ? lastTimestamp() : EpochNanos.toInstant(ts), watermark());
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
    public EventClock.State snapshot() {
        return clockState();
    }
}
