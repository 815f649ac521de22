package io.waxwing.recovery;

/**
 * Some of the partitions the recovery store was initialised with are absent, so part of the state
 * is missing. Restore the absent partitions (from a backup taken within the backup interval of the
 * others), or start over with a freshly initialised directory.
 */
public class MissingPartitionsException extends RecoveryException {
    private static final long serialVersionUID = 1L;

    public MissingPartitionsException(String message) {
        super(message);
    }
}
