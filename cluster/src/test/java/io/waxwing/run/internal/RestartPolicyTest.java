package io.waxwing.run.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.run.RestartStrategy;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void noneNeverRestarts() {
        RestartPolicy p = new RestartPolicy(RestartStrategy.none());
        assertNull(p.onFailure(0));
        assertEquals(0, p.restarts());
    }

    @Test
    void fixedDelayRestartsAttemptsTimesWithTheSameDelay() {
        RestartPolicy p = new RestartPolicy(RestartStrategy.fixedDelay(2, Duration.ofSeconds(3)));
        assertEquals(Duration.ofSeconds(3), p.onFailure(0));
        assertEquals(Duration.ofSeconds(3), p.onFailure(10 * SECOND));
        assertNull(p.onFailure(20 * SECOND));
        assertEquals(2, p.restarts());
    }

    @Test
    void exponentialDelayDoublesUpToTheMaxDelay() {
        RestartPolicy p = new RestartPolicy(RestartStrategy.exponentialDelay(5, Duration.ofSeconds(1),
                Duration.ofSeconds(5)));
        assertEquals(Duration.ofSeconds(1), p.onFailure(0));
        assertEquals(Duration.ofSeconds(2), p.onFailure(0));
        assertEquals(Duration.ofSeconds(4), p.onFailure(0));
        assertEquals(Duration.ofSeconds(5), p.onFailure(0));
        assertEquals(Duration.ofSeconds(5), p.onFailure(0));
        assertNull(p.onFailure(0));
    }

    @Test
    void failureRateStopsWhenMoreFailuresThanAllowedFallInOnePeriod() {
        RestartPolicy p = new RestartPolicy(RestartStrategy.failureRate(2, Duration.ofSeconds(60),
                Duration.ofMillis(100)));
        assertEquals(Duration.ofMillis(100), p.onFailure(0));
        assertEquals(Duration.ofMillis(100), p.onFailure(30 * SECOND));
        assertNull(p.onFailure(59 * SECOND));
    }

    @Test
    void failureRateForgetsFailuresOlderThanThePeriod() {
        RestartPolicy p = new RestartPolicy(RestartStrategy.failureRate(2, Duration.ofSeconds(60),
                Duration.ZERO));
        assertEquals(Duration.ZERO, p.onFailure(0));
        assertEquals(Duration.ZERO, p.onFailure(30 * SECOND));
        // The first failure is 60 s old: two within the last minute.
        assertEquals(Duration.ZERO, p.onFailure(60 * SECOND));
        assertEquals(Duration.ZERO, p.onFailure(200 * SECOND));
        assertEquals(4, p.restarts());
    }

    @Test
    void exceptionTypesIncludeSuperclassesInterfacesAndCauses() {
        List<String> types = RestartPolicy.typesOf(new IllegalStateException("outer",
                new UncheckedIOException(new java.io.FileNotFoundException("x"))));
        assertTrue(types.contains("java.lang.IllegalStateException"));
        assertTrue(types.contains("java.lang.RuntimeException"));
        assertTrue(types.contains("java.io.Serializable"));
        assertTrue(types.contains("java.io.UncheckedIOException"));
        assertTrue(types.contains("java.io.IOException"));
        assertFalse(types.contains("java.lang.Object"));
    }

    @Test
    void aFailureIsNotRetriedWhenOneOfItsTypesIsMarkedNotRetryable() {
        RestartPolicy p = new RestartPolicy(RestartStrategy.fixedDelay(3, Duration.ZERO)
                .withNotRetryable(List.of("java.io.IOException")));
        assertFalse(p.retryable(RestartPolicy.typesOf(new java.io.FileNotFoundException("gone"))));
        assertFalse(p.retryable(RestartPolicy.typesOf(new RuntimeException(new java.io.IOException("io")))));
        assertTrue(p.retryable(RestartPolicy.typesOf(new IllegalStateException("transient"))));
    }
}
