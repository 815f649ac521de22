package io.waxwing.dataflow;

import io.waxwing.operators.StatefulLogic;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One key of {@link KeyedStream#collect}: its values so far, and when they time out by the
 * operator's clock (Bytewax's {@code _CollectLogic} with its {@code now_getter}). The engine wakes
 * keys by system time, so the deadline is handed to it as the system time at which the clock will
 * reach it if both run at the same pace — at once when the clock has passed it; a key woken before
 * its clock says so (a test clock that was not advanced) waits again.
 *
 * @param <V> value type
 */
final class CollectLogic<V> implements StatefulLogic<V, List<V>, KeyedStream.Collected<V>> {
    private final Duration timeout;
    private final int maxSize;
    private final InstantSource clock;
    private final List<V> items;
    /** The deadline by {@link #clock}, or {@code null} before the first value. */
    private Instant timeoutAt;

    CollectLogic(Duration timeout, int maxSize, InstantSource clock, KeyedStream.Collected<V> resume) {
        this.timeout = timeout;
        this.maxSize = maxSize;
        this.clock = clock;
        this.items = resume == null ? new ArrayList<>() : new ArrayList<>(resume.items());
        this.timeoutAt = resume == null ? null : resume.timeoutAt();
    }

    @Override
    public boolean onItem(V value, Consumer<? super List<V>> emit) {
        timeoutAt = plus(clock.instant(), timeout);
        items.add(value);
        if (items.size() >= maxSize) {
            emit.accept(List.copyOf(items));
            return DISCARD;
        }
        return RETAIN;
    }

    @Override
    public boolean onNotify(Consumer<? super List<V>> emit) {
        if (timeoutAt != null && clock.instant().isBefore(timeoutAt)) {
            return RETAIN;
        }
        emit.accept(List.copyOf(items));
        return DISCARD;
    }

    @Override
    public boolean onEof(Consumer<? super List<V>> emit) {
        emit.accept(List.copyOf(items));
        return DISCARD;
    }

    @Override
    public Instant notifyAt() {
        if (timeoutAt == null) {
            return null;
        }
        Instant systemNow = Instant.now();
        Duration left = Duration.between(clock.instant(), timeoutAt);
        return left.isNegative() || left.isZero() ? systemNow : plus(systemNow, left);
    }

    @Override
    public KeyedStream.Collected<V> snapshot() {
        return new KeyedStream.Collected<>(List.copyOf(items), timeoutAt);
    }

    private static Instant plus(Instant t, Duration d) {
        try {
            return t.plus(d);
        } catch (DateTimeException | ArithmeticException e) {
            return Instant.MAX;
        }
    }
}
