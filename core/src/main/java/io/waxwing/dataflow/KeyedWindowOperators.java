package io.waxwing.dataflow;

import io.waxwing.operators.JoinEmitMode;
import io.waxwing.operators.JoinInsertMode;
import io.waxwing.operators.Joined;
import io.waxwing.windowing.Clock;
import io.waxwing.windowing.SideValue;
import io.waxwing.windowing.WindowLogic;
import io.waxwing.windowing.WindowOut;
import io.waxwing.windowing.Windower;
import io.waxwing.windowing.internal.FoldWindowLogic;
import io.waxwing.windowing.internal.FoldWindows;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collector;
import java.util.stream.Collectors;

/**
 * The window operators of a {@link KeyedStream} (Bytewax's {@code bytewax.operators.windowing}),
 * called on the keyed stream itself: {@code keyed.collectWindow(...)}. Each operator is one
 * composite step whose result is a {@link WindowOut}: the windows' results ({@code down}), the values
 * that arrived too late ({@code late}) and each closed window's metadata ({@code meta}). Window state
 * is keyed state: snapshotted at the end of every epoch in which the key changed, restored on resume.
 * Only {@code KeyedStream} implements it; it exists so that the keyed stream's operators are read in
 * two files of a reasonable size.
 *
 * <pre>{@code
 * WindowOut<Event, Long> clicks = events.keyOn("user", Event::user)
 *     .countWindow("count", new EventClock<Event>(Event::time, Duration.ofSeconds(5)),
 *         new TumblingWindower(Duration.ofMinutes(1), alignTo));
 * clicks.down().output("out", sink);
 * }</pre>
 *
 * @param <V> value type
 */
public sealed interface KeyedWindowOperators<V> permits KeyedStream {


    /**
     * Runs a {@link WindowLogic} per window of each key: the most general
     * window operator (Bytewax's {@code window}). The clock timestamps each value and keeps a
     * watermark; values older than it go to the {@code late} stream; the others go to the logics of
     * the windows the windower puts them in, in timestamp order once the watermark reaches them;
     * when the watermark passes a window's end the logic is closed and the window's metadata is
     * emitted. The key's clock, windower and window states are snapshotted at the end of every
     * epoch in which the key changed and restored on resume; as in Bytewax, a key with no open
     * window (and a windower that keeps nothing, unlike sessions) is dropped, clock included, so
     * its watermark starts again with its next value. An exception thrown by the clock or the
     * logic stops the execution, naming this step.
     *
     * <pre>{@code
     * WindowOut<Integer, Integer> sums = keyed.window("sum",
     *     new EventClock<Integer>(x -> start.plusSeconds(x), Duration.ZERO),
     *     new TumblingWindower(Duration.ofSeconds(10), start),
     *     (Integer resume) -> new SumLogic(resume));
     * }</pre>
     *
     * @param builder builds a window's logic from its resume state ({@code null} for a new window)
     */
    default <W, S> WindowOut<V, W> window(String stepId,
            Clock<? super V, ?> clock, Windower<?> windower,
            Function<? super S, ? extends WindowLogic<V, W, S>> builder) {
        return window(stepId, clock, windower, builder, true);
    }

    /**
     * {@link #window(String, Clock, Windower, Function)}
     * choosing whether values reach the logics in timestamp order ({@code ordered}: held back until
     * the watermark reaches them, which costs latency) or as they arrive.
     *
     * <pre>{@code keyed.window("sum", clock, windower, SumLogic::new, false);}</pre>
     */
    default <W, S> WindowOut<V, W> window(String stepId,
            Clock<? super V, ?> clock, Windower<?> windower,
            Function<? super S, ? extends WindowLogic<V, W, S>> builder, boolean ordered) {
        return WindowSteps.window(keyed(), stepId, clock, windower, builder, ordered);
    }

    /**
     * Collects the values of each window into a list, in timestamp order, emitted when the window
     * closes (Bytewax's {@code collect_window}).
     *
     * <pre>{@code
     * WindowOut<Event, List<Event>> perMinute = keyed.collectWindow("collect",
     *     new EventClock<Event>(Event::time, Duration.ofSeconds(5)),
     *     new TumblingWindower(Duration.ofMinutes(1), alignTo));
     * }</pre>
     */
    default WindowOut<V, List<V>> collectWindow(String stepId,
            Clock<? super V, ?> clock, Windower<?> windower) {
        return collectWindow(stepId, clock, windower, Collectors.toList(), true);
    }

    /**
     * Collects the values of each window with {@code collector} when the window closes: a set with
     * {@code Collectors.toSet()}, a map with {@code Collectors.toMap(...)} (Bytewax's {@code into}).
     * The values, in timestamp order, are the window's state until then.
     *
     * <pre>{@code
     * WindowOut<Event, Set<String>> users = keyed.collectWindow("users", clock, windower,
     *     Collectors.mapping(Event::user, Collectors.toSet()));
     * }</pre>
     */
    default <R> WindowOut<V, R> collectWindow(String stepId,
            Clock<? super V, ?> clock, Windower<?> windower,
            Collector<? super V, ?, ? extends R> collector) {
        return collectWindow(stepId, clock, windower, collector, true);
    }

    /**
     * {@link #collectWindow(String, Clock, Windower,
     * Collector)} choosing whether the values are in timestamp order
     * ({@code ordered}) or in arrival order.
     *
     * <pre>{@code keyed.collectWindow("all", clock, windower, Collectors.toList(), false);}</pre>
     */
    default <R> WindowOut<V, R> collectWindow(String stepId,
            Clock<? super V, ?> clock, Windower<?> windower,
            Collector<? super V, ?, ? extends R> collector, boolean ordered) {
        Objects.requireNonNull(collector, "collector");
        return window(stepId, clock, windower,
                (List<V> resume) -> FoldWindowLogic.<V, R>collect(resume, collector),
                ordered);
    }

    /**
     * Counts the values of each window, emitted when the window closes (Bytewax's
     * {@code count_window}, which keys the stream itself: key it first with {@code keyOn}).
     *
     * <pre>{@code
     * WindowOut<Event, Long> clicksPerUser = events.keyOn("user", Event::user)
     *     .countWindow("count", clock, new TumblingWindower(Duration.ofMinutes(1), alignTo));
     * }</pre>
     */
    default WindowOut<V, Long> countWindow(String stepId,
            Clock<? super V, ?> clock, Windower<?> windower) {
        return foldWindow(stepId, clock, windower, () -> 0L, (n, v) -> n + 1, Long::sum, false);
    }

    /**
     * Folds the values of each window into an accumulator that starts from {@code builder.get()},
     * in timestamp order; emits it when the window closes (Bytewax's {@code fold_window}).
     * {@code merger} combines the accumulators of two windows that merge (sessions). The accumulator
     * is the window's snapshot at the end of an epoch and the engine may keep that object: fold
     * into a new value rather than changing the accumulator in place.
     *
     * <pre>{@code
     * WindowOut<Integer, Integer> sums = keyed.foldWindow("sum", clock, windower,
     *     () -> 0, (acc, x) -> acc + x, Integer::sum);
     * }</pre>
     */
    default <S> WindowOut<V, S> foldWindow(String stepId,
            Clock<? super V, ?> clock, Windower<?> windower,
            Supplier<? extends S> builder, BiFunction<? super S, ? super V, ? extends S> folder,
            BinaryOperator<S> merger) {
        return foldWindow(stepId, clock, windower, builder, folder, merger, true);
    }

    /**
     * {@link #foldWindow(String, Clock, Windower, Supplier,
     * BiFunction, BinaryOperator)} choosing whether values are folded in timestamp order
     * ({@code ordered}) or in arrival order.
     *
     * <pre>{@code keyed.foldWindow("sum", clock, windower, () -> 0, (a, x) -> a + x, Integer::sum, false);}</pre>
     */
    default <S> WindowOut<V, S> foldWindow(String stepId,
            Clock<? super V, ?> clock, Windower<?> windower,
            Supplier<? extends S> builder, BiFunction<? super S, ? super V, ? extends S> folder,
            BinaryOperator<S> merger, boolean ordered) {
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(merger, "merger");
        return window(stepId, clock, windower, new FoldWindows<V, S>(builder, folder, merger), ordered);
    }

    /**
     * Combines the values of each window with {@code reducer}, the first value being the start;
     * emits the result when the window closes (Bytewax's {@code reduce_window}). Values are reduced
     * in arrival order.
     *
     * <pre>{@code WindowOut<Integer, Integer> sums = keyed.reduceWindow("sum", clock, windower, Integer::sum);}</pre>
     */
    default WindowOut<V, V> reduceWindow(String stepId,
            Clock<? super V, ?> clock, Windower<?> windower,
            BinaryOperator<V> reducer) {
        Objects.requireNonNull(reducer, "reducer");
        return foldWindow(stepId, clock, windower, () -> null, (V acc, V v) -> acc == null ? v : reducer.apply(acc, v),
                (a, b) -> a == null ? b : b == null ? a : reducer.apply(a, b), false);
    }

    /**
     * The largest value of each window by {@code order} (the first of equals), emitted when the
     * window closes (Bytewax's {@code max_window} with {@code by}).
     *
     * <pre>{@code keyed.maxWindow("hottest", clock, windower, Comparator.comparing(Reading::celsius));}</pre>
     */
    default WindowOut<V, V> maxWindow(String stepId,
            Clock<? super V, ?> clock, Windower<?> windower,
            Comparator<? super V> order) {
        Objects.requireNonNull(order, "order");
        return reduceWindow(stepId, clock, windower, (a, b) -> order.compare(b, a) > 0 ? b : a);
    }

    /**
     * The largest value of each window by natural order (values must be {@link Comparable}).
     *
     * <pre>{@code WindowOut<Integer, Integer> peaks = keyed.maxWindow("peak", clock, windower);}</pre>
     */
    default WindowOut<V, V> maxWindow(String stepId,
            Clock<? super V, ?> clock, Windower<?> windower) {
        return maxWindow(stepId, clock, windower, KeyedLogics.naturalOrder(stepId));
    }

    /**
     * The smallest value of each window by {@code order} (the first of equals), emitted when the
     * window closes (Bytewax's {@code min_window} with {@code by}).
     *
     * <pre>{@code keyed.minWindow("coldest", clock, windower, Comparator.comparing(Reading::celsius));}</pre>
     */
    default WindowOut<V, V> minWindow(String stepId,
            Clock<? super V, ?> clock, Windower<?> windower,
            Comparator<? super V> order) {
        Objects.requireNonNull(order, "order");
        return reduceWindow(stepId, clock, windower, (a, b) -> order.compare(b, a) < 0 ? b : a);
    }

    /**
     * The smallest value of each window by natural order (values must be {@link Comparable}).
     *
     * <pre>{@code WindowOut<Integer, Integer> lows = keyed.minWindow("low", clock, windower);}</pre>
     */
    default WindowOut<V, V> minWindow(String stepId,
            Clock<? super V, ?> clock, Windower<?> windower) {
        return minWindow(stepId, clock, windower, KeyedLogics.naturalOrder(stepId));
    }

    /**
     * Joins this stream with {@code other} by key within each window (Bytewax's
     * {@code join_window}), keeping the last value of each side and emitting one row per window
     * when it closes ({@link JoinInsertMode#LAST}, {@link JoinEmitMode#FINAL}); a side without a
     * value is {@code null} in the row. {@code clock} sees the values of both streams and must
     * accept them all; the late stream tells the sides apart with
     * {@link SideValue}.
     *
     * <pre>{@code
     * WindowOut<SideValue, Joined<Order, Payment>> paid = orders.joinWindow("paid",
     *     new EventClock<Object>(x -> ((HasTime) x).time(), Duration.ofSeconds(30)),
     *     new SessionWindower(Duration.ofMinutes(5)), payments);
     * }</pre>
     */
    default <U> WindowOut<SideValue, Joined<V, U>> joinWindow(String stepId,
            Clock<?, ?> clock, Windower<?> windower, KeyedStream<U> other) {
        return joinWindow(stepId, clock, windower, other, JoinInsertMode.LAST, JoinEmitMode.FINAL, true);
    }

    /**
     * {@link #joinWindow(String, Clock, Windower, KeyedStream)}
     * with the given modes: {@code COMPLETE} emits a row as soon as both sides have a value in the
     * window (then starts the window's row over), {@code RUNNING} after every value, {@code FINAL}
     * when the window closes.
     *
     * <pre>{@code
     * orders.joinWindow("paid", clock, windower, payments, JoinInsertMode.FIRST, JoinEmitMode.COMPLETE);
     * }</pre>
     */
    default <U> WindowOut<SideValue, Joined<V, U>> joinWindow(String stepId,
            Clock<?, ?> clock, Windower<?> windower, KeyedStream<U> other,
            JoinInsertMode insertMode, JoinEmitMode emitMode) {
        return joinWindow(stepId, clock, windower, other, insertMode, emitMode, true);
    }

    /**
     * {@link #joinWindow(String, Clock, Windower, KeyedStream,
     * JoinInsertMode, JoinEmitMode)} choosing whether values join in timestamp order
     * ({@code ordered}) or in arrival order.
     *
     * <pre>{@code
     * orders.joinWindow("paid", clock, windower, payments, JoinInsertMode.LAST, JoinEmitMode.RUNNING, false);
     * }</pre>
     */
    default <U> WindowOut<SideValue, Joined<V, U>> joinWindow(String stepId,
            Clock<?, ?> clock, Windower<?> windower, KeyedStream<U> other,
            JoinInsertMode insertMode, JoinEmitMode emitMode, boolean ordered) {
        Objects.requireNonNull(other, "other");
        return WindowSteps.joinWindow(stepId, clock, windower, insertMode, emitMode, ordered, List.of(keyed(), other),
                row -> {
                    List<?> r = (List<?>) row;
                    return new Joined<V, U>(Stream.cast(r.get(0)), Stream.cast(r.get(1)));
                });
    }

    /**
     * Joins this stream with any number of others by key within each window. Each row is a list
     * with one element per side, this stream first, {@code null} for a side without a value.
     *
     * <pre>{@code
     * WindowOut<SideValue, List<Object>> rows = a.joinWindow("join", clock, windower,
     *     JoinInsertMode.PRODUCT, JoinEmitMode.FINAL, b, c);
     * }</pre>
     */
    default WindowOut<SideValue, List<Object>> joinWindow(String stepId,
            Clock<?, ?> clock, Windower<?> windower,
            JoinInsertMode insertMode, JoinEmitMode emitMode, KeyedStream<?>... others) {
        return joinWindow(stepId, clock, windower, insertMode, emitMode, true, others);
    }

    /**
     * {@link #joinWindow(String, Clock, Windower,
     * JoinInsertMode, JoinEmitMode, KeyedStream...)} choosing whether values join in timestamp order
     * ({@code ordered}) or in arrival order.
     *
     * <pre>{@code a.joinWindow("join", clock, windower, JoinInsertMode.LAST, JoinEmitMode.FINAL, false, b);}</pre>
     */
    default WindowOut<SideValue, List<Object>> joinWindow(String stepId,
            Clock<?, ?> clock, Windower<?> windower,
            JoinInsertMode insertMode, JoinEmitMode emitMode, boolean ordered, KeyedStream<?>... others) {
        List<KeyedStream<?>> sides = new ArrayList<>();
        sides.add(keyed());
        sides.addAll(List.of(others));
        return WindowSteps.joinWindow(stepId, clock, windower, insertMode, emitMode, ordered, sides, null);
    }

    @SuppressWarnings("unchecked")
    private KeyedStream<V> keyed() {
        return (KeyedStream<V>) this;
    }
}
