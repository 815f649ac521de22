package io.waxwing.windowing;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A timestamp getter given as epoch milliseconds ({@code EventClock.ofEpochMillis},
 * {@code BoundedOutOfOrdernessClock.ofEpochMillis}). It is still a {@code Function} to
 * {@link Instant}, so the clocks' records keep their components, but the clock logic calls
 * {@link #millis} directly and makes no {@code Instant} per value.
 */
final class EpochMillisGetter<V> implements Function<V, Instant> {
    final ToLongFunction<? super V> millis;

    EpochMillisGetter(ToLongFunction<? super V> millis) {
        this.millis = Objects.requireNonNull(millis, "epochMillisGetter");
    }

    @Override
    public Instant apply(V value) {
        return Instant.ofEpochMilli(millis.applyAsLong(value));
    }

    /** The milliseconds getter behind {@code getter}, or {@code null} when it is a plain function. */
    @SuppressWarnings("unchecked")
    static <V> ToLongFunction<? super V> millisOf(Function<? super V, Instant> getter) {
        return getter instanceof EpochMillisGetter<?> m ? (ToLongFunction<? super V>) m.millis : null;
    }
}
