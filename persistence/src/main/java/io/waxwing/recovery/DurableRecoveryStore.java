package io.waxwing.recovery;

/**
 * A recovery store opened on a set of recovery partitions by {@link Recovery#open(RecoveryConfig)}:
 * the partitions were checked against each other and the epoch to resume from was found. An
 * execution opens the store itself; open one to see where the next execution would resume, or to
 * check a copy of the partitions. Close it when done; closing loses nothing that was stored.
 */
public interface DurableRecoveryStore extends AutoCloseable {

    /** The epoch the next execution resumes after: the highest epoch committed in every partition (0 when none). */
    long committedEpoch();

    /** How many partitions the store was initialised with. */
    int partitionCount();

    /** Stops the partitions' journals; the store cannot be used afterwards. */
    @Override
    void close();
}
