package io.waxwing.windowing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Epoch nanoseconds are exact wherever a long holds them, and out of range everywhere else. */
class EpochNanosTest {
    private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);

    /** The reference: exact arithmetic, then the range check (both ends of a long are reserved). */
    private static long reference(Instant t) {
        BigInteger n = BigInteger.valueOf(t.getEpochSecond()).multiply(BILLION).add(BigInteger.valueOf(t.getNano()));
        boolean fits = n.compareTo(BigInteger.valueOf(Long.MIN_VALUE)) > 0
                && n.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) < 0;
        return fits ? n.longValueExact() : EpochNanos.OUT_OF_RANGE;
    }

    @Test
    void matchesExactArithmeticAcrossBothEndsOfTheRange() {
        SplittableRandom random = new SplittableRandom(3);
        long[] seconds = {-9_223_372_038L, -9_223_372_037L, -9_223_372_036L, -9_223_372_035L, -1, 0,
            9_223_372_035L, 9_223_372_036L, 9_223_372_037L};
        int[] nanos = {0, 1, 145_224_191, 145_224_192, 145_224_193, 854_775_806, 854_775_807, 854_775_808,
            999_999_999};
        for (long s : seconds) {
            for (int n : nanos) {
                Instant t = Instant.ofEpochSecond(s, n);
                assertEquals(reference(t), EpochNanos.exact(t), t.toString());
            }
            for (int i = 0; i < 1_000; i++) {
                Instant t = Instant.ofEpochSecond(s, random.nextInt(1_000_000_000));
                assertEquals(reference(t), EpochNanos.exact(t), t.toString());
            }
        }
        for (Instant t : new Instant[] {Instant.MIN, Instant.MAX, Instant.EPOCH}) {
            assertEquals(reference(t), EpochNanos.exact(t), t.toString());
        }
    }
}
