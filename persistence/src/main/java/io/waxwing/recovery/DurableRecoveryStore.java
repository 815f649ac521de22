package io.waxwing.recovery;

import io.waxwing.engine.RecoveryStore;

/**
 * A recovery store opened on a set of recovery partitions by {@link Recovery#open(RecoveryConfig)}.
 * Every method that writes returns once the write is durable. It is thread-safe: every worker of
 * the process may use it at once. Close it when the execution ends; closing does not lose anything
 * that was stored.
 */
public interface DurableRecoveryStore extends RecoveryStore, AutoCloseable {

    /** How many partitions the store was initialised with. */
    int partitionCount();

    /** Stops the partitions' journals; the store cannot be used afterwards. */
    @Override
    void close();
}
