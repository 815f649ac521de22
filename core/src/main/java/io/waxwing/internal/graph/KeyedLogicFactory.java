package io.waxwing.internal.graph;

/** Builds a key's logic, from its resume state or {@code null} for a new key. */
@FunctionalInterface
public interface KeyedLogicFactory {
    KeyedLogic build(Object resumeState) throws Exception;

    /**
     * Whether the logics take each batch's values of a key at once ({@link KeyedLogic#onBatch})
     * rather than one at a time ({@link KeyedLogic#onItem}).
     */
    default boolean batched() {
        return false;
    }
}
