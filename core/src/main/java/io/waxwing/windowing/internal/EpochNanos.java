package io.waxwing.windowing.internal;

import java.time.Instant;

/**
 * Instants as {@code long} nanoseconds since the epoch, which the window operator carries instead
 * of {@link Instant} objects so that a value costs no allocation and no {@code java.time}
 * arithmetic. A {@code long} holds the years 1677 to 2262; {@link #OUT_OF_RANGE} marks a time
 * outside them, for which the callers fall back to exact {@link Instant} arithmetic.
 *
 * <pre>{@code
 * long ts = EpochNanos.exact(Instant.parse("2024-01-01T00:00:00Z"));
 * Instant back = EpochNanos.toInstant(ts);
 * }</pre>
 */
public final class EpochNanos {
    /** Not a time that fits: {@link Long#MIN_VALUE}, which no exact conversion returns. */
    public static final long OUT_OF_RANGE = Long.MIN_VALUE;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private EpochNanos() {
    }

    /** {@code t} in epoch nanoseconds, or {@link #OUT_OF_RANGE} when it does not fit strictly inside a long. */
    public static long exact(Instant t) {
        long s = t.getEpochSecond();
        // Within these seconds the product cannot overflow, nor reach either end of a long.
        if (s > -9_223_372_036L && s < 9_223_372_036L) {
            return s * NANOS_PER_SECOND + t.getNano();
        }
        // The three seconds at the ends of a long's range, worked out without overflow (and without
        // an exception: Instant.MIN and Instant.MAX, which every new key's clock meets, are common).
        int nano = t.getNano();
        if (s == 9_223_372_036L) {
            // Long.MAX_VALUE itself is reserved: it means "none" to callers.
            return nano < 854_775_807 ? s * NANOS_PER_SECOND + nano : OUT_OF_RANGE;
        }
        if (s == -9_223_372_036L || (s == -9_223_372_037L && nano > 145_224_192)) {
            // (s + 1) seconds less (1e9 - nano) nanoseconds: the same time, with no overflow.
            return (s + 1) * NANOS_PER_SECOND + (nano - NANOS_PER_SECOND);
        }
        return OUT_OF_RANGE;
    }

    /**
     * {@code t} in epoch nanoseconds, saturating: {@link Long#MIN_VALUE} for any time before what a
     * long holds, {@link Long#MAX_VALUE} for any time after it. Comparisons with exact values stay
     * exact.
     */
    public static long saturating(Instant t) {
        long n = exact(t);
        if (n != OUT_OF_RANGE) {
            return n;
        }
        return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }

    /** {@code millis} in epoch nanoseconds, or {@link #OUT_OF_RANGE} when it does not fit. */
    public static long ofMillis(long millis) {
        if (millis > -9_223_372_036_854L && millis < 9_223_372_036_854L) {
            return millis * 1_000_000L;
        }
        return OUT_OF_RANGE;
    }

    /** The system time ({@link Instant#now()}) in epoch nanoseconds. */
    public static long systemNow() {
        Instant now = Instant.now();
        return now.getEpochSecond() * NANOS_PER_SECOND + now.getNano();
    }

    /** The instant of exact epoch nanoseconds {@code n}. */
    public static Instant toInstant(long n) {
        return Instant.ofEpochSecond(Math.floorDiv(n, NANOS_PER_SECOND), Math.floorMod(n, NANOS_PER_SECOND));
    }

    /** {@code a + b}, saturating at {@link Long#MIN_VALUE} and {@link Long#MAX_VALUE}. */
    public static long plus(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    /** {@code a - b}, saturating at {@link Long#MIN_VALUE} and {@link Long#MAX_VALUE}. */
    public static long minus(long a, long b) {
        long r = a - b;
        if (((a ^ b) & (a ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }
}
