package io.waxwing.internal.graph;

import java.util.function.Predicate;

/** A filter; like {@link MapOp}, the engine gives it a pipe class of its own. */
public record FilterOp(Predicate<Object> predicate) implements ItemOp {
    @Override
    public void apply(Object item, Emit out) {
        if (predicate.test(item)) {
            out.push(item);
        }
    }
}
