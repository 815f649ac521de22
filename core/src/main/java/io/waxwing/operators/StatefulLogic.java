package io.waxwing.operators;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * The state machine of one key in a {@link io.waxwing.dataflow.KeyedStream#stateful stateful}
 * step: Bytewax's {@code StatefulLogic} in Java. The engine builds one per key, from the key's
 * resume state, and calls it on the key's worker only.
 *
 * <p>Each callback emits any number of values through {@code emit} and returns {@link #RETAIN} to
 * keep the logic or {@link #DISCARD} to drop it (the key then starts again from a fresh logic, and
 * the recovery store gets a tombstone). At the end of every epoch in which the key was touched, the
 * engine calls {@link #snapshot()}; after a resume, the builder gets that snapshot back.
 *
 * <p>With recovery, a snapshot must come back from its encoding. What does: {@code null}, boxed
 * primitives, {@code String}, {@code byte[]}, enums, {@code Instant}, {@code Duration},
 * {@link io.waxwing.dataflow.KV}, {@code List}/{@code Set}/{@code Map} of these (restored as
 * {@code ArrayList}, {@code LinkedHashSet}, {@code LinkedHashMap}), records, and classes with a
 * no-argument constructor (it may be private) whose non-transient fields hold such values — fields
 * declared as {@code Object} keep their concrete type. What does not: classes with final fields and
 * no usable constructor, lambdas, anonymous classes, threads, streams and other live objects. The
 * first snapshot of each class is decoded again at once, so such a type fails the step at its first
 * snapshot, naming the type, before anything is stored.
 *
 * <p>Call order, as in Bytewax: after each batch the step receives, every key whose
 * {@link #notifyAt()} has come gets {@link #onNotify} (a time the batch's own items asked for
 * included; keys due at the same instant in key order); at the end of input, due notifications
 * fire, then every key gets {@link #onEof} in key order, and nothing is called for it afterwards.
 *
 * <pre>{@code
 * keyed.stateful("sum", (Integer resume) -> new StatefulLogic<Integer, Integer, Integer>() {
 *     int sum = resume == null ? 0 : resume;
 *     public boolean onItem(Integer v, Consumer<? super Integer> emit) {
 *         sum += v;
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
public interface StatefulLogic<V, W, S> {
    /** Return value that keeps the key's logic. */
    boolean RETAIN = false;
    /** Return value that discards the key's logic and state. */
    boolean DISCARD = true;

    /** Called for each value of the key, in order. */
    boolean onItem(V value, Consumer<? super W> emit);

    /** Called once the time {@link #notifyAt()} returned has passed. */
    default boolean onNotify(Consumer<? super W> emit) {
        return RETAIN;
    }

    /** Called when every input of the step has ended. */
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
