package io.waxwing.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RestartStrategyTest {

    @Test
    void theReferenceConfigurationRestartsNever() {
        RestartStrategy s = RestartStrategy.fromConfig(ConfigFactory.load().getConfig("waxwing.restart"));
        assertEquals(RestartStrategy.none(), s);
    }

    @Test
    void aConfigurationBlockGivesEverySetting() {
        RestartStrategy s = RestartStrategy.fromConfig(ConfigFactory.parseString(
                "strategy = failure-rate, attempts = 3, delay = 2s, max-delay = 1m, failure-rate = \"4/10m\","
                        + " not-retryable = [java.lang.IllegalArgumentException]"));
        assertEquals(RestartStrategy.Kind.FAILURE_RATE, s.kind());
        assertEquals(4, s.maxFailures());
        assertEquals(Duration.ofMinutes(10), s.period());
        assertEquals(Duration.ofSeconds(2), s.delay());
        assertEquals(Set.of("java.lang.IllegalArgumentException"), s.notRetryable());
    }

    @Test
    void failureRateAcceptsIsoPeriods() {
        RestartStrategy s = RestartStrategy.of(RestartStrategy.Kind.FAILURE_RATE, 1, Duration.ZERO, Duration.ZERO,
                "2/PT30S", "test");
        assertEquals(Duration.ofSeconds(30), s.period());
    }

    @Test
    void aMalformedFailureRateNamesItsOriginAndTheForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RestartStrategy.of(
                RestartStrategy.Kind.FAILURE_RATE, 1, Duration.ZERO, Duration.ZERO, "3 per minute",
                "--restart-failure-rate"));
        assertTrue(e.getMessage().startsWith("--restart-failure-rate"), e.getMessage());
        assertTrue(e.getMessage().contains("N/PERIOD"), e.getMessage());
    }

    @Test
    void anUnknownStrategyListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RestartStrategy.Kind.of("forever"));
        assertTrue(e.getMessage().contains("fixed-delay, exponential-delay or failure-rate"), e.getMessage());
    }

    @Test
    void settingsThatCannotWorkAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RestartStrategy.fixedDelay(0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> RestartStrategy.fixedDelay(1, Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class,
                () -> RestartStrategy.exponentialDelay(2, Duration.ofSeconds(5), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> RestartStrategy.failureRate(2, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> RestartStrategy.none().withNotRetryable(List.of(" ")));
    }
}
