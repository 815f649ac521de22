package io.waxwing.windowing.internal;

import io.waxwing.windowing.WindowLogic;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collector;

/**
 * The window logic of the fold-based operators ({@code foldWindow}, {@code collectWindow},
 * {@code countWindow}, {@code reduceWindow}, {@code maxWindow}, {@code minWindow}): an accumulator
 * per window, folded on each value, merged on a merge, emitted (finished) on close. Its snapshot is
 * the accumulator, copied by {@code snapshotCopy}.
 *
 * <pre>{@code
 * WindowLogic<Integer, Integer, Integer> sum = FoldWindowLogic.fold(0, Integer::sum, Integer::sum);
 * WindowLogic<String, Set<String>, List<String>> set = FoldWindowLogic.collect(null, Collectors.toSet());
 * }</pre>
 *
 * @param <V> value type
 * @param <A> accumulator type
 * @param <W> emitted type
 */
public final class FoldWindowLogic<V, A, W> implements WindowLogic<V, W, A> {
    private final BiFunction<? super A, ? super V, ? extends A> folder;
    private final BinaryOperator<A> merger;
    private final Function<? super A, ? extends W> finisher;
    private final UnaryOperator<A> snapshotCopy;
    private A acc;

    /**
     * @param acc          the accumulator to start from
     * @param folder       combines a value into the accumulator
     * @param merger       combines the accumulator of a window merged into this one
     * @param finisher     turns the accumulator into what is emitted on close
     * @param snapshotCopy copies the accumulator for a snapshot, so that folding in place later
     *                     does not change it
     */
    public FoldWindowLogic(A acc, BiFunction<? super A, ? super V, ? extends A> folder, BinaryOperator<A> merger,
            Function<? super A, ? extends W> finisher, UnaryOperator<A> snapshotCopy) {
        this.acc = acc;
        this.folder = folder;
        this.merger = merger;
        this.finisher = finisher;
        this.snapshotCopy = snapshotCopy;
    }

    /** A fold whose accumulator is emitted as it is and is its own snapshot. */
    public static <V, A> FoldWindowLogic<V, A, A> fold(A acc, BiFunction<? super A, ? super V, ? extends A> folder,
            BinaryOperator<A> merger) {
        return new FoldWindowLogic<>(acc, folder, merger, a -> a, a -> a);
    }

    /**
     * Collects the values in a list, in the order they reach the window, and hands the list to
     * {@code collector} on close: merges then just concatenate lists, and snapshots are lists.
     */
    public static <V, R> FoldWindowLogic<V, List<V>, R> collect(List<V> resume,
            Collector<? super V, ?, ? extends R> collector) {
        return new FoldWindowLogic<V, List<V>, R>(resume == null ? new ArrayList<>() : new ArrayList<>(resume),
                (list, v) -> {
                    list.add(v);
                    return list;
                },
                (a, b) -> {
                    a.addAll(b);
                    return a;
                },
                list -> list.stream().collect(collector),
                ArrayList::new);
    }

    @Override
    public void onValue(V value, Consumer<? super W> emit) {
        acc = folder.apply(acc, value);
    }

    @Override
    public void onMerge(WindowLogic<V, W, A> original, Consumer<? super W> emit) {
        acc = merger.apply(acc, original.snapshot());
    }

    @Override
    public void onClose(Consumer<? super W> emit) {
        emit.accept(finisher.apply(acc));
    }

    @Override
    public A snapshot() {
        return snapshotCopy.apply(acc);
    }
}
