package io.waxwing.operators;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The state machine of one key in a {@link io.waxwing.dataflow.KeyedStream#statefulBatch
 * statefulBatch} step: Bytewax's {@code StatefulBatchLogic} in Java. Like {@link StatefulLogic},
 * but it gets the key's values a batch at a time: {@link #onBatch} receives every value of the key
 * in one incoming batch (what one upstream worker sent at once), in arrival order — a chance to do
 * per-batch work once (one lookup, one write) rather than per value.
 *
 * <p>Per batch the engine calls {@code onBatch} for each key of the batch, in key order, then
 * {@link #onNotify} for the keys whose {@link #notifyAt()} has come (one this batch asked for
 * included); at the end of input, {@link #onEof} once per key, in key order, and nothing after it.
 * Each callback returns {@link StatefulLogic#RETAIN} or {@link StatefulLogic#DISCARD}.
 *
 * <pre>{@code
 * keyed.statefulBatch("sum", (Integer resume) -> new StatefulBatchLogic<Integer, Integer, Integer>() {
 *     int sum = resume == null ? 0 : resume;
 *     public boolean onBatch(List<Integer> values, Consumer<? super Integer> emit) {
 *         for (int v : values) { sum += v; }
 *         emit.accept(sum);
 *         return RETAIN;
 *     }
 *     public Integer snapshot() { return sum; }
 * });
 * }</pre>
 *
 * @param <V> input value type
 * @param <W> output value type
 * @param <S> snapshot type
 */
public interface StatefulBatchLogic<V, W, S> {
    /** Return value that keeps the key's logic. */
    boolean RETAIN = StatefulLogic.RETAIN;
    /** Return value that discards the key's logic and state. */
    boolean DISCARD = StatefulLogic.DISCARD;

    /** Called with the key's values of one batch, in order; never with an empty list. */
    boolean onBatch(List<V> values, Consumer<? super W> emit);

    /** Called once the time {@link #notifyAt()} returned has passed. */
    default boolean onNotify(Consumer<? super W> emit) {
        return RETAIN;
    }

    /** Called when every input of the step has ended; nothing is called after it. */
    default boolean onEof(Consumer<? super W> emit) {
        return RETAIN;
    }

    /**
     * The system time at which {@link #onNotify} should be called, or {@code null} for none. Asked
     * after every other callback.
     */
    default Instant notifyAt() {
        return null;
    }

    /**
     * The state to resume this key from. The engine may keep the returned object: do not change it
     * afterwards (return a copy of mutable state).
     */
    S snapshot();
}
