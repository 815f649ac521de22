package io.waxwing.internal.graph;

import java.util.function.Function;

/**
 * A one-to-one transform: the engine runs it as a pipe of its own class, so that the JIT sees one
 * user function per call site in a fused chain instead of one shared dispatch for every operator.
 */
public record MapOp(Function<Object, Object> fn) implements ItemOp {
    @Override
    public void apply(Object item, Emit out) {
        out.push(fn.apply(item));
    }
}
