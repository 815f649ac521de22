package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.waxwing.recovery.RecoveryConfig;
import io.waxwing.run.RestartStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RestartOptionsTest {
    private static final Environment NO_ENV = new Environment(Map.of());
    private static final RecoveryConfig RECOVERY = new RecoveryConfig(Path.of("db"));
    private static final Config REFERENCE = ConfigFactory.load();

    private static RestartOptions parse(String... args) {
        RestartOptions o = new RestartOptions();
        new CommandLine(o).parseArgs(args);
        return o;
    }

    @Test
    void withoutOptionsVariablesOrConfigurationNothingRestarts() {
        assertEquals(RestartStrategy.none(), parse().resolve(NO_ENV, REFERENCE, null));
    }

    @Test
    void optionsGiveEachSetting() {
        RestartStrategy s = parse("--restart-strategy", "exponential-delay", "--restart-attempts", "5",
                "--restart-delay", "500ms", "--restart-max-delay", "4s",
                "--restart-not-retryable", "java.lang.IllegalArgumentException,com.acme.Fatal")
                .resolve(NO_ENV, REFERENCE, RECOVERY);
        assertEquals(RestartStrategy.exponentialDelay(5, Duration.ofMillis(500), Duration.ofSeconds(4))
                .withNotRetryable(List.of("java.lang.IllegalArgumentException", "com.acme.Fatal")), s);
    }

    @Test
    void variablesGiveDefaultsAndOptionsWin() {
        Environment env = new Environment(Map.of(RestartOptions.STRATEGY, "failure-rate",
                RestartOptions.FAILURE_RATE, "2/1m", RestartOptions.DELAY, "2s",
                RestartOptions.NOT_RETRYABLE, "com.acme.Fatal"));
        RestartStrategy fromEnv = parse().resolve(env, REFERENCE, RECOVERY);
        assertEquals(RestartStrategy.failureRate(2, Duration.ofMinutes(1), Duration.ofSeconds(2))
                .withNotRetryable(List.of("com.acme.Fatal")), fromEnv);
        RestartStrategy options = parse("--restart-failure-rate", "5/PT10S").resolve(env, REFERENCE, RECOVERY);
        assertEquals(5, options.maxFailures());
        assertEquals(Duration.ofSeconds(10), options.period());
    }

    @Test
    void theConfigurationBlockIsTheLastFallback() {
        Config conf = ConfigFactory.parseString("waxwing.restart { strategy = fixed-delay, attempts = 7 }")
                .withFallback(REFERENCE);
        RestartStrategy s = parse().resolve(NO_ENV, conf, RECOVERY);
        assertEquals(RestartStrategy.fixedDelay(7, Duration.ofSeconds(1)), s);
        assertEquals(Set.of(), s.notRetryable());
    }

    @Test
    void aRestartStrategyWithoutARecoveryDirectoryIsRefusedWithTheFix() {
        LaunchException e = assertThrows(LaunchException.class,
                () -> parse("--restart-strategy", "fixed-delay").resolve(NO_ENV, REFERENCE, null));
        assertTrue(e.getMessage().contains("needs a recovery directory"), e.getMessage());
        assertTrue(e.getMessage().contains("--recovery-dir"), e.getMessage());
    }

    @Test
    void wrongValuesNameTheirOrigin() {
        LaunchException unknown = assertThrows(LaunchException.class, () -> parse().resolve(
                new Environment(Map.of(RestartOptions.STRATEGY, "always")), REFERENCE, RECOVERY));
        assertTrue(unknown.getMessage().startsWith(RestartOptions.STRATEGY), unknown.getMessage());
        LaunchException rate = assertThrows(LaunchException.class, () -> parse("--restart-strategy",
                "failure-rate", "--restart-failure-rate", "often").resolve(NO_ENV, REFERENCE, RECOVERY));
        assertTrue(rate.getMessage().startsWith("--restart-failure-rate"), rate.getMessage());
        LaunchException attempts = assertThrows(LaunchException.class, () -> parse("--restart-strategy",
                "fixed-delay", "--restart-attempts", "0").resolve(NO_ENV, REFERENCE, RECOVERY));
        assertTrue(attempts.getMessage().contains("at least 1"), attempts.getMessage());
    }
}
