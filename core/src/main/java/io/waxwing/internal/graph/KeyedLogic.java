package io.waxwing.internal.graph;

import java.time.Instant;

/**
 * The engine's view of one key's state machine in a stateful step; adapted from the public
 * {@code StatefulLogic}. Each method returns {@code true} when the key's state should be discarded.
 */
public interface KeyedLogic {
    boolean onItem(Object value, Emit out) throws Exception;

    /**
     * The values of one batch for the key, in arrival order; called instead of {@link #onItem} when
     * the factory is {@link KeyedLogicFactory#batched() batched}. By default, {@code onItem} for each
     * value, discarding only if the last one asked for it.
     */
    default boolean onBatch(java.util.List<Object> values, Emit out) throws Exception {
        boolean discard = false;
        for (Object v : values) {
            discard = onItem(v, out);
        }
        return discard;
    }

    boolean onNotify(Emit out) throws Exception;

    boolean onEof(Emit out) throws Exception;

    /** When {@link #onNotify} should run next, or {@code null} for never. */
    Instant notifyAt() throws Exception;

    /** The key's state to store at the end of an epoch. */
    Object snapshot() throws Exception;
}
