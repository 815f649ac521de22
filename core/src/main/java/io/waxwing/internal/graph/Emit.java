package io.waxwing.internal.graph;

import java.util.function.Consumer;

/**
 * Where a primitive operator pushes what it produces. It is a {@code Consumer<Object>} so that it
 * can be handed to user logic as its emitter without a wrapper per call.
 */
@FunctionalInterface
public interface Emit extends Consumer<Object> {
    void push(Object item);

    @Override
    default void accept(Object item) {
        push(item);
    }
}
