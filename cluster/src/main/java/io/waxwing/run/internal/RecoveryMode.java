package io.waxwing.run.internal;

import io.waxwing.recovery.RecoveryConfig;
import java.util.Objects;

/** How an execution keeps its state, as the entry point decides it from its arguments. */
public sealed interface RecoveryMode {

    /** No recovery: nothing is persisted. */
    record None() implements RecoveryMode {
    }

    /** One process opens every partition of the store (a single process). */
    record Whole(RecoveryConfig config) implements RecoveryMode {
        public Whole {
            Objects.requireNonNull(config, "config");
        }
    }

    /**
     * The partitions are spread over the processes of a cluster: process {@code p} opens partition
     * {@code i} when {@code i % processCount == p} and reaches the others through their processes.
     */
    record Spread(RecoveryConfig config) implements RecoveryMode {
        public Spread {
            Objects.requireNonNull(config, "config");
        }
    }

    /** The mode for {@code recovery} ({@code null}: none) and {@code processCount} processes with addresses. */
    public static RecoveryMode of(RecoveryConfig recovery, boolean clustered) {
        if (recovery == null) {
            return new None();
        }
        return clustered ? new Spread(recovery) : new Whole(recovery);
    }
}
