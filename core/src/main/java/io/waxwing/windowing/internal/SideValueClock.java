package io.waxwing.windowing.internal;

import io.waxwing.windowing.Clock;
import io.waxwing.windowing.ClockLogic;
import io.waxwing.windowing.SideValue;
import java.time.Instant;

/**
 * Presents a clock of the joined streams' values as a clock of {@link SideValue}s, which is what a
 * {@code joinWindow}'s state machine sees: the clock gets each value without its side. The
 * snapshot is the wrapped clock's.
 *
 * <pre>{@code
 * Clock<SideValue, ?> clock = SideValueClock.of(new EventClock<Event>(Event::time, Duration.ZERO));
 * }</pre>
 *
 * @param <S> the wrapped clock's snapshot type
 */
public final class SideValueClock<S> implements Clock<SideValue, S> {
    private final Clock<Object, S> clock;

    private SideValueClock(Clock<Object, S> clock) {
        this.clock = clock;
    }

    /**
     * Wraps {@code clock}, which must accept the values of every side (it gets a
     * {@link ClassCastException} otherwise).
     */
    @SuppressWarnings("unchecked")
    public static SideValueClock<?> of(Clock<?, ?> clock) {
        return new SideValueClock<>((Clock<Object, Object>) clock);
    }

    @Override
    public ClockLogic<SideValue, S> build(S resumeState) {
        ClockLogic<Object, S> logic = clock.build(resumeState);
        if (logic == null) {
            throw new NullPointerException("the clock " + clock + " built a null logic");
        }
        return new ClockLogic<>() {
            @Override
            public void beforeBatch() {
                logic.beforeBatch();
            }

            @Override
            public ItemTime onItem(SideValue value) {
                return logic.onItem(value.value());
            }

            @Override
            public Instant onNotify() {
                return logic.onNotify();
            }

            @Override
            public Instant onEof() {
                return logic.onEof();
            }

            @Override
            public Instant toSystemUtc(Instant timestamp) {
                return logic.toSystemUtc(timestamp);
            }

            @Override
            public S snapshot() {
                return logic.snapshot();
            }
        };
    }

    @Override
    public String toString() {
        return "SideValueClock(" + clock + ")";
    }
}
