package io.waxwing.internal.graph;

import java.util.List;

/** A stateless operator over a whole batch (Bytewax's {@code flat_map_batch}). */
@FunctionalInterface
public interface BatchOp {
    Iterable<?> apply(List<Object> batch) throws Exception;
}
