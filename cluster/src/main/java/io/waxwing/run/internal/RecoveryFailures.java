package io.waxwing.run.internal;

import io.waxwing.recovery.InconsistentPartitionsException;
import io.waxwing.recovery.MissingPartitionsException;
import io.waxwing.recovery.NoPartitionsException;
import io.waxwing.recovery.RecoveryException;
import java.nio.file.Path;

/**
 * Carries a recovery failure found in one process to every process of the cluster by kind and
 * message, so that each one's {@code clusterMain} throws the same {@link RecoveryException}
 * subclass that a single process would.
 */
final class RecoveryFailures {
    static final String NO_PARTITIONS = "no-partitions";
    static final String MISSING = "missing-partitions";
    static final String INCONSISTENT = "inconsistent-partitions";
    static final String OTHER = "recovery";

    private RecoveryFailures() {
    }

    static String kindOf(RecoveryException e) {
        if (e instanceof NoPartitionsException) {
            return NO_PARTITIONS;
        } else if (e instanceof MissingPartitionsException) {
            return MISSING;
        } else if (e instanceof InconsistentPartitionsException) {
            return INCONSISTENT;
        }
        return OTHER;
    }

    /** The exception of {@code kind}; {@code dbDir} is this process's recovery directory. */
    static RecoveryException rebuild(String kind, String message, Path dbDir) {
        return switch (kind) {
            case NO_PARTITIONS -> new NoPartitionsException(dbDir);
            case MISSING -> new MissingPartitionsException(message);
            case INCONSISTENT -> new InconsistentPartitionsException(message);
            default -> new RecoveryException(message);
        };
    }
}
