package io.waxwing.internal.graph;

import java.time.Instant;

/**
 * The engine's view of one key's state machine in a stateful step; adapted from the public
 * {@code StatefulLogic}. Each method returns {@code true} when the key's state should be discarded.
 */
public interface KeyedLogic {
    boolean onItem(Object value, Emit out) throws Exception;

    boolean onNotify(Emit out) throws Exception;

    boolean onEof(Emit out) throws Exception;

    /** When {@link #onNotify} should run next, or {@code null} for never. */
    Instant notifyAt() throws Exception;

    /** The key's state to store at the end of an epoch. */
    Object snapshot() throws Exception;
}
