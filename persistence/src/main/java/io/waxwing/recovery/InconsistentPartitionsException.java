package io.waxwing.recovery;

/**
 * The recovery partitions hold no epoch common to all of them, so no consistent state can be
 * restored. Every commit is recorded in every partition; this happens when a partition was
 * restored from a copy older than the others' backup interval, or a freshly initialised partition
 * sits beside partitions that have commits.
 */
public class InconsistentPartitionsException extends RecoveryException {
    private static final long serialVersionUID = 1L;

    public InconsistentPartitionsException(String message) {
        super(message);
    }
}
