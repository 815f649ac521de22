package io.waxwing.recovery;

import io.waxwing.errors.WaxwingException;

/**
 * A problem with the recovery store: its partitions cannot be opened, do not agree with each
 * other, or a snapshot cannot be written or read. Thrown by the entry points before any data flows
 * when the store cannot be opened, and by the workers when a snapshot cannot be stored.
 */
public class RecoveryException extends WaxwingException {
    private static final long serialVersionUID = 1L;

    public RecoveryException(String message) {
        super(message);
    }

    public RecoveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
