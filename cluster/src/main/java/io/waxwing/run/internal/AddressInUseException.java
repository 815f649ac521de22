package io.waxwing.run.internal;

import io.waxwing.errors.WaxwingException;

/**
 * This process's address could not be bound: another program holds it — or, when the execution
 * restarts, the actor system of the previous attempt, still shutting down.
 */
public final class AddressInUseException extends WaxwingException {
    private static final long serialVersionUID = 1L;

    AddressInUseException(String message, Throwable cause) {
        super(message, cause);
    }
}
