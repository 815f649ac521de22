package io.waxwing.inputs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A source that calls {@link #nextItem()} every {@code interval}, for polling an API or a file for
 * its latest value. It has one partition, built on worker 0, and no resumable state.
 *
 * <pre>{@code
 * Stream<Double> temps = flow.input("poll", new SimplePollingSource<Double>(Duration.ofSeconds(5)) {
 *     protected Double nextItem() { return thermometer.read(); }
 * });
 * }</pre>
 *
 * @param <T> item type
 */
public abstract class SimplePollingSource<T> implements FixedPartitionedSource<T, Void> {

    /**
     * Thrown from {@link #nextItem()} to try again after {@code timeout} instead of waiting a whole
     * interval.
     */
    public static final class Retry extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final Duration timeout;

        public Retry(Duration timeout) {
            super("retry after " + timeout, null, false, false);
            this.timeout = Objects.requireNonNull(timeout, "timeout");
        }

        public Duration timeout() {
            return timeout;
        }
    }

    private final Duration interval;
    private final Instant alignTo;

    /** Polls every {@code interval}, starting at once. */
    protected SimplePollingSource(Duration interval) {
        this(interval, null);
    }

    /**
     * Polls every {@code interval}, at times {@code alignTo + k * interval}; the first poll is the
     * first such time from now on.
     */
    protected SimplePollingSource(Duration interval, Instant alignTo) {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the polling interval must be positive, got " + interval);
        }
        this.interval = interval;
        this.alignTo = alignTo;
    }

    /**
     * The next item, or {@code null} when there is none this time. Throw {@link Retry} to be asked
     * again sooner; return normally at each interval otherwise. The source never ends by itself.
     */
    protected abstract T nextItem();

    @Override
    public final List<String> listParts() {
        return List.of("singleton");
    }

    @Override
    public final StatefulSourcePartition<T, Void> buildPart(String stepId, String forPart, Void resumeState) {
        Instant now = Instant.now();
        Instant first = now;
        if (alignTo != null) {
            long periods = Math.floorDiv(Duration.between(alignTo, now).toNanos(), interval.toNanos());
            first = alignTo.plus(interval.multipliedBy(periods + 1));
        }
        Instant start = first;
        return new StatefulSourcePartition<>() {
            private Instant awake = start;

            @Override
            public List<T> nextBatch() {
                T item;
                try {
                    item = nextItem();
                } catch (Retry retry) {
                    awake = Instant.now().plus(retry.timeout());
                    return List.of();
                }
                awake = awake.plus(interval);
                Instant now = Instant.now();
                if (awake.isBefore(now)) {
                    awake = now.plus(interval);
                }
                return item == null ? List.of() : List.of(item);
            }

            @Override
            public Instant nextAwake() {
                return awake;
            }

            @Override
            public Void snapshot() {
                return null;
            }
        };
    }
}
