package io.waxwing.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Tuning of one worker's engine.
 *
 * @param epochInterval      system time between epoch barriers; zero means one epoch per input batch
 * @param exchangeBatchSize  items per batch sent to another worker
 * @param channelCredits     data batches in flight per channel before the sender stops reading input
 * @param activationBudget   data batches an activation may process before it yields
 * @param clock              the system clock (for epochs and notifications)
 * @param metrics            where the engine reports items, epochs and commits (per batch)
 */
public record EngineConfig(Duration epochInterval, int exchangeBatchSize, int channelCredits,
        int activationBudget, InstantSource clock, EngineMetrics metrics) {

    public static final Duration DEFAULT_EPOCH_INTERVAL = Duration.ofSeconds(10);

    public EngineConfig {
        Objects.requireNonNull(epochInterval, "epochInterval");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(metrics, "metrics");
        if (epochInterval.isNegative()) {
            throw new IllegalArgumentException("epochInterval must not be negative, got " + epochInterval);
        }
        if (exchangeBatchSize < 1 || channelCredits < 1 || activationBudget < 1) {
            throw new IllegalArgumentException("exchangeBatchSize, channelCredits and activationBudget must be positive");
        }
    }

    /** A configuration that reports no metrics. */
    public EngineConfig(Duration epochInterval, int exchangeBatchSize, int channelCredits, int activationBudget,
            InstantSource clock) {
        this(epochInterval, exchangeBatchSize, channelCredits, activationBudget, clock, EngineMetrics.NONE);
    }

    /** This configuration, reporting to {@code metrics}. */
    public EngineConfig withMetrics(EngineMetrics metrics) {
        return new EngineConfig(epochInterval, exchangeBatchSize, channelCredits, activationBudget, clock, metrics);
    }

    /** The defaults, with the given epoch interval ({@code null} means 10 seconds). */
    public static EngineConfig withEpochInterval(Duration epochInterval) {
        return new EngineConfig(epochInterval == null ? DEFAULT_EPOCH_INTERVAL : epochInterval, 1024, 16, 64,
                Clock.systemUTC());
    }
}
