package io.waxwing.internal.graph;

import io.waxwing.operators.StatefulLogic;

/**
 * Builds a key's logic, from its resume state or {@code null} for a new key. The engine calls the
 * logic it returns directly, with no adapter between them: finding a key's logic then reads one
 * object fewer for every value.
 */
@FunctionalInterface
public interface KeyedLogicFactory {
    /** The key's logic; a {@link BatchedLogic} when the factory is {@link #batched()}. */
    StatefulLogic<Object, Object, Object> build(Object resumeState);

    /**
     * Whether the logics take each batch's values of a key at once ({@link BatchedLogic#onBatch})
     * rather than one at a time ({@code onItem}).
     */
    default boolean batched() {
        return false;
    }
}
