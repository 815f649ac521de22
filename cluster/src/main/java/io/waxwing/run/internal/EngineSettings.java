package io.waxwing.run.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.waxwing.engine.EngineConfig;
import java.time.Clock;
import java.time.Duration;

/** Reads the engine's tuning from the {@code waxwing { }} HOCON settings. */
public final class EngineSettings {
    private EngineSettings() {
    }

    /** The engine config for an execution with {@code epochInterval} ({@code null} means 10 seconds). */
    public static EngineConfig load(Config root, Duration epochInterval) {
        Config c = root.getConfig("waxwing.engine");
        return new EngineConfig(epochInterval == null ? EngineConfig.DEFAULT_EPOCH_INTERVAL : epochInterval,
                c.getInt("exchange-batch-size"), c.getInt("channel-credits"), c.getInt("activation-budget"),
                Clock.systemUTC());
    }

    /**
     * The application's configuration: system properties over {@code application.conf} (or
     * {@code -Dconfig.file}) over Waxwing's Pekko settings ({@code pekko-defaults.conf} beside this
     * class) over every {@code reference.conf}.
     */
    public static Config root() {
        Config pekkoDefaults = ConfigFactory.parseResources(EngineSettings.class, "pekko-defaults.conf");
        if (pekkoDefaults.isEmpty()) {
            throw new IllegalStateException("pekko-defaults.conf is missing beside " + EngineSettings.class.getName()
                    + " on the classpath; the waxwing-cluster jar is incomplete");
        }
        return ConfigFactory.defaultOverrides()
                .withFallback(ConfigFactory.defaultApplication())
                .withFallback(pekkoDefaults)
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
    }
}
