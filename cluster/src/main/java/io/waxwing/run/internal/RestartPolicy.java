package io.waxwing.run.internal;

import io.waxwing.run.RestartStrategy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides, failure after failure, whether an execution restarts and after what delay, as its
 * {@link RestartStrategy} says. Pure: time comes in as an argument (monotonic nanoseconds), so the
 * entry points and the tests drive it alike. Not thread-safe: one per entry point call.
 */
public final class RestartPolicy {
    private final RestartStrategy strategy;
    /** When the failures within the failure-rate period happened, oldest first. */
    private final Deque<Long> recent = new ArrayDeque<>();
    private int restarts;

    public RestartPolicy(RestartStrategy strategy) {
        this.strategy = strategy;
    }

    /** The restarts granted so far. */
    public int restarts() {
        return restarts;
    }

    /**
     * A retryable failure happened at {@code nowNanos}: the delay before the next attempt, or
     * {@code null} when the strategy allows no more restarts.
     */
    public Duration onFailure(long nowNanos) {
        Duration delay = switch (strategy.kind()) {
            case NONE -> null;
            case FIXED_DELAY -> restarts < strategy.attempts() ? strategy.delay() : null;
            case EXPONENTIAL_DELAY -> restarts < strategy.attempts() ? exponential(restarts) : null;
            case FAILURE_RATE -> {
                recent.addLast(nowNanos);
                long window = strategy.period().toNanos();
                while (!recent.isEmpty() && nowNanos - recent.peekFirst() >= window) {
                    recent.removeFirst();
                }
                yield recent.size() <= strategy.maxFailures() ? strategy.delay() : null;
            }
        };
        if (delay != null) {
            restarts++;
        }
        return delay;
    }

    private Duration exponential(int previous) {
        Duration d = strategy.delay();
        for (int i = 0; i < previous && d.compareTo(strategy.maxDelay()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(strategy.maxDelay()) > 0 ? strategy.maxDelay() : d;
    }

    /**
     * Whether a step failure whose exception types are {@code types} (see {@link #typesOf}) may be
     * retried: none of them is marked not retryable.
     */
    public boolean retryable(List<String> types) {
        for (String t : types) {
            if (strategy.notRetryable().contains(t)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The class names an exception is an instance of — its class, superclasses and interfaces —
     * for it and every exception in its cause chain: what a not-retryable type is matched against,
     * in every process alike.
     */
    public static List<String> typesOf(Throwable error) {
        Set<String> names = new LinkedHashSet<>();
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                names.add(c.getName());
                addInterfaces(c, names);
            }
        }
        return new ArrayList<>(names);
    }

    private static void addInterfaces(Class<?> c, Set<String> names) {
        for (Class<?> i : c.getInterfaces()) {
            if (names.add(i.getName())) {
                addInterfaces(i, names);
            }
        }
    }
}
