package io.waxwing.internal.graph;

/** Builds a key's logic, from its resume state or {@code null} for a new key. */
@FunctionalInterface
public interface KeyedLogicFactory {
    KeyedLogic build(Object resumeState) throws Exception;
}
