package io.waxwing.windowing;

import java.util.function.Consumer;

/**
 * What a {@link io.waxwing.dataflow.KeyedStream#window window} operator does in one window of one
 * key: Bytewax's {@code WindowLogic}. The operator builds one per window (from the window's resume
 * state, or {@code null}), feeds it the window's values, merges it into another window's logic
 * when the windower merges windows, and closes it when the watermark passes the window's end.
 * Everything it emits goes to the operator's {@link WindowOut#down() down} stream, wrapped in a
 * {@link Windowed} with the window's id.
 *
 * <pre>{@code
 * class Sum implements WindowLogic<Integer, Integer, Integer> {
 *     int sum;
 *     Sum(Integer resume) { sum = resume == null ? 0 : resume; }
 *     public void onValue(Integer v, Consumer<? super Integer> emit) { sum += v; }
 *     public void onMerge(WindowLogic<Integer, Integer, Integer> original, Consumer<? super Integer> emit) {
 *         sum += original.snapshot();
 *     }
 *     public void onClose(Consumer<? super Integer> emit) { emit.accept(sum); }
 *     public Integer snapshot() { return sum; }
 * }
 * WindowOut<Integer, Integer> sums = keyed.window("sum", clock, windower, Sum::new);
 * }</pre>
 *
 * @param <V> input value type
 * @param <W> output value type
 * @param <S> snapshot type: plain data, so that it can be stored
 */
public interface WindowLogic<V, W, S> {

    /** Called for each value of the window: in timestamp order when the operator is ordered. */
    void onValue(V value, Consumer<? super W> emit);

    /**
     * Called when the window {@code original} merges into this one (only windowers that merge,
     * such as sessions, do this); {@code original} is dropped afterwards. Read its state with
     * {@link #snapshot()}.
     */
    void onMerge(WindowLogic<V, W, S> original, Consumer<? super W> emit);

    /** Called once, when the window closes. */
    void onClose(Consumer<? super W> emit);

    /**
     * The state to resume this window from. The engine may keep the returned object: do not change
     * it afterwards (return a copy of mutable state).
     */
    S snapshot();
}
