package io.waxwing.run.internal;

import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.recovery.RecoveryException;
import io.waxwing.recovery.runtime.ProcessShare;
import io.waxwing.recovery.runtime.WholeStore;
import java.nio.file.Path;

/**
 * The recovery store as one process opened it in its actor system, before the execution starts:
 * nothing, the whole store, its share of the partitions, or the reason it could not open its share
 * (reported to the coordinator, which ends the execution everywhere with it).
 */
sealed interface ProcessRecovery extends AutoCloseable {

    /** The recovery directory, named in errors; empty without recovery. */
    Path dbDir();

    @Override
    default void close() {
    }

    /** Nothing is persisted. */
    record None() implements ProcessRecovery {
        @Override
        public Path dbDir() {
            return Path.of("");
        }
    }

    /** The whole store, opened by this process. */
    record Whole(WholeStore store, Path dbDir) implements ProcessRecovery {
        @Override
        public void close() {
            store.close();
        }
    }

    /** This process's share of partitions spread over the cluster. */
    record Share(ProcessShare share, Path dbDir) implements ProcessRecovery {
        @Override
        public void close() {
            share.close();
        }
    }

    /** This process could not open its share. */
    record ShareRefused(RecoveryException failure, Path dbDir) implements ProcessRecovery {
    }

    /** The store the workers use before the partitions are agreed on; {@link RecoveryStore#NONE} for a share. */
    default RecoveryStore wholeStore() {
        return this instanceof Whole w ? w.store().engineStore() : RecoveryStore.NONE;
    }
}
