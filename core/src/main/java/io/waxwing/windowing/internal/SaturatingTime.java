package io.waxwing.windowing.internal;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Instant arithmetic that stops at {@link Instant#MIN} and {@link Instant#MAX} instead of throwing,
 * as the watermark math needs: waits may be "forever" and watermarks start at the beginning of time.
 */
public final class SaturatingTime {
    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

    private SaturatingTime() {
    }

    /** {@code t + d}, or the end of time in the direction of {@code d} when that is out of range. */
    public static Instant plus(Instant t, Duration d) {
        try {
            return t.plus(d);
        } catch (DateTimeException | ArithmeticException e) {
            return d.isNegative() ? Instant.MIN : Instant.MAX;
        }
    }

    /** {@code t - d}, saturating like {@link #plus}. */
    public static Instant minus(Instant t, Duration d) {
        try {
            return t.minus(d);
        } catch (DateTimeException | ArithmeticException e) {
            return d.isNegative() ? Instant.MAX : Instant.MIN;
        }
    }

    /** The later of two instants. */
    public static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /**
     * The system time {@code delay} from now: now itself for a delay that is not positive,
     * {@code null} when it is beyond the end of time.
     */
    public static Instant systemTimeAfter(Duration delay) {
        Instant now = InstantSource.system().instant();
        if (delay.isNegative() || delay.isZero()) {
            return now;
        }
        try {
            return now.plus(delay);
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    /** {@code floor(a / b)} for a positive {@code b}, exact for any durations. */
    public static long floorDiv(Duration a, Duration b) {
        try {
            return Math.floorDiv(a.toNanos(), b.toNanos());
        } catch (ArithmeticException overflow) {
            BigInteger[] qr = nanos(a).divideAndRemainder(nanos(b));
            BigInteger q = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
            return q.longValueExact();
        }
    }

    private static BigInteger nanos(Duration d) {
        return BigInteger.valueOf(d.getSeconds()).multiply(NANOS_PER_SECOND).add(BigInteger.valueOf(d.getNano()));
    }
}
