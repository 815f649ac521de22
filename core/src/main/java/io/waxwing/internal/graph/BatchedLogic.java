package io.waxwing.internal.graph;

import io.waxwing.operators.StatefulLogic;
import java.util.List;
import java.util.function.Consumer;

/**
 * A key's logic that takes each batch's values at once: what a {@link KeyedLogicFactory#batched()
 * batched} factory builds. The engine calls {@link #onBatch} instead of {@code onItem}.
 */
public interface BatchedLogic extends StatefulLogic<Object, Object, Object> {
    /** The values of one batch for the key, in arrival order; {@code true} discards the key's state. */
    boolean onBatch(List<Object> values, Consumer<Object> out);
}
