package io.waxwing.recovery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how an execution keeps its recovery state: the directory holding the recovery
 * partitions, and how long snapshots that are no longer needed are kept anyway, so that a copy of
 * the partitions taken up to {@code backupInterval} ago still holds an epoch common to all of them.
 *
 * <pre>{@code
 * Recovery.initDbDir(Path.of("/data/recovery"), 4);
 * Execution.runMain(flow, Duration.ofSeconds(10), new RecoveryConfig(Path.of("/data/recovery")));
 * }</pre>
 *
 * @param dbDir          the recovery directory
 * @param backupInterval how long to keep snapshots that are no longer needed
 */
public record RecoveryConfig(Path dbDir, Duration backupInterval) {
    public RecoveryConfig {
        Objects.requireNonNull(dbDir, "dbDir");
        Objects.requireNonNull(backupInterval, "backupInterval");
        if (backupInterval.isNegative()) {
            throw new IllegalArgumentException("backupInterval must not be negative, got " + backupInterval);
        }
    }

    /** A recovery config with a zero backup interval. */
    public RecoveryConfig(Path dbDir) {
        this(dbDir, Duration.ZERO);
    }
}
