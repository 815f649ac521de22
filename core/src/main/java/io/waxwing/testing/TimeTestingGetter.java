package io.waxwing.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * A clock that only moves when told to, for testing system-time behaviour: pass it wherever an
 * operator takes an {@link InstantSource} and advance it from the test or from a step.
 *
 * <pre>{@code
 * var clock = new TimeTestingGetter(Instant.parse("2024-01-01T00:00:00Z"));
 * keyed.collect("batch", Duration.ofSeconds(10), 100, clock);
 * clock.advance(Duration.ofSeconds(11));
 * }</pre>
 */
public final class TimeTestingGetter implements InstantSource {
    private volatile Instant now;

    public TimeTestingGetter(Instant now) {
        this.now = Objects.requireNonNull(now, "now");
    }

    /** Moves the clock forward by {@code by}. */
    public void advance(Duration by) {
        now = now.plus(by);
    }

    /** Sets the clock to {@code to}. */
    public void set(Instant to) {
        now = Objects.requireNonNull(to, "to");
    }

    /** The current time of this clock. */
    public Instant get() {
        return now;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
