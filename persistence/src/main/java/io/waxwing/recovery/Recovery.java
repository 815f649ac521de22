package io.waxwing.recovery;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.waxwing.recovery.internal.PartitionedStore;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Creates and opens recovery stores.
 *
 * <pre>{@code
 * Recovery.initDbDir(Path.of("/data/recovery"), 4);          // once, before the first execution
 * try (DurableRecoveryStore store = Recovery.open(new RecoveryConfig(Path.of("/data/recovery")))) {
 *     long resumeAfter = store.committedEpoch();              // the next execution starts at resumeAfter + 1
 * }
 * }</pre>
 *
 * <p>By default each partition is an embedded H2 database, {@code dbDir/part-<i>/journal.mv.db}.
 * With {@code waxwing.recovery.journal = postgres} (see {@code conf/recovery-postgres.conf}) every
 * partition lives in one PostgreSQL database instead, and {@code dbDir} only names the store.
 */
public final class Recovery {
    private Recovery() {
    }

    /**
     * Creates {@code partCount} empty recovery partitions in {@code dbDir}, creating the directory
     * if needed. The same as {@code java -jar launcher.jar recovery init DIR PARTS}. More partitions
     * spread the state over more files; the number of workers may change between executions, the
     * number of partitions may not.
     *
     * @throws RecoveryException if {@code dbDir} already holds partitions, or they cannot be created
     * @throws IllegalArgumentException if {@code partCount < 1}
     */
    public static void initDbDir(Path dbDir, int partCount) {
        Objects.requireNonNull(dbDir, "dbDir");
        PartitionedStore.init(dbDir, partCount, ConfigFactory.load());
    }

    /**
     * Opens the recovery store described by {@code config} in a small actor system of its own, which
     * {@link DurableRecoveryStore#close()} terminates. (An execution opens its store itself, as
     * entities of its own actor system; call this to inspect a store between executions.) Checks the partitions and finds the epoch to
     * resume from: the highest epoch committed in every partition ({@code committedEpoch()}; 0 when
     * nothing was committed). Versions written after it by an earlier execution are voided.
     *
     * @throws NoPartitionsException if {@code dbDir} holds no partitions
     * @throws MissingPartitionsException if some of the partitions it was initialised with are absent
     * @throws InconsistentPartitionsException if the partitions hold no common epoch to resume from
     */
    public static DurableRecoveryStore open(RecoveryConfig config) {
        Objects.requireNonNull(config, "config");
        return PartitionedStore.open(config, ConfigFactory.load(), null);
    }

    /**
     * Opens the recovery store in {@code system}, configured by that system's configuration. The
     * partitions' database connections stay open until the system terminates.
     *
     * @see #open(RecoveryConfig)
     */
    public static DurableRecoveryStore open(RecoveryConfig config, ActorSystem<?> system) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(system, "system");
        Config settings = system.settings().config();
        return PartitionedStore.open(config, settings, system);
    }
}
