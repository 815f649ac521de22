package io.waxwing.windowing;

import java.time.InstantSource;
import java.util.Objects;

/**
 * Uses the system time at which a value is processed as its timestamp: Bytewax's
 * {@code SystemClock}. The watermark is the system time, so no value is ever late. At end of
 * input every window closes. It keeps no state.
 *
 * <pre>{@code
 * WindowOut<String, Long> perMinute = keyed.countWindow("count", new SystemClock(),
 *     new TumblingWindower(Duration.ofMinutes(1), Instant.EPOCH));
 * }</pre>
 *
 * @param nowGetter where the system time comes from; {@link InstantSource#system()} unless a test
 *                  passes a {@link io.waxwing.testing.TimeTestingGetter}
 */
public record SystemClock(InstantSource nowGetter) implements Clock<Object, Void> {

    public SystemClock {
        Objects.requireNonNull(nowGetter, "nowGetter");
    }

    /** A clock reading the system time in UTC. */
    public SystemClock() {
        this(InstantSource.system());
    }

    @Override
    public ClockLogic<Object, Void> build(Void resumeState) {
        return new SystemClockLogic(nowGetter);
    }
}
