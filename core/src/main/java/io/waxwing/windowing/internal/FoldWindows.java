package io.waxwing.windowing.internal;

import io.waxwing.windowing.WindowLogic;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The window logic builder of {@code foldWindow}: each window a {@link FoldWindowLogic#fold} of
 * its values. {@link WindowKeyLogic} recognises it and keeps each window's accumulator itself
 * instead of building a logic object per window; what it emits, merges and snapshots is the same.
 *
 * <pre>{@code
 * FoldWindows<Integer, Integer> sums = new FoldWindows<>(() -> 0, Integer::sum, Integer::sum);
 * WindowLogic<Integer, Integer, Integer> one = sums.apply(null);
 * }</pre>
 *
 * @param <V> value type
 * @param <A> accumulator type, also what a window emits and its snapshot
 */
public final class FoldWindows<V, A> implements Function<A, WindowLogic<V, A, A>> {
    private final Supplier<? extends A> initial;
    private final BiFunction<? super A, ? super V, ? extends A> folder;
    private final BinaryOperator<A> merger;

    public FoldWindows(Supplier<? extends A> initial, BiFunction<? super A, ? super V, ? extends A> folder,
            BinaryOperator<A> merger) {
        this.initial = initial;
        this.folder = folder;
        this.merger = merger;
    }

    /** A new window's accumulator, or the resumed one when {@code resume} is not {@code null}. */
    A start(A resume) {
        return resume == null ? initial.get() : resume;
    }

    A fold(A acc, V value) {
        return folder.apply(acc, value);
    }

    A merge(A target, A original) {
        return merger.apply(target, original);
    }

    @Override
    public WindowLogic<V, A, A> apply(A resume) {
        return FoldWindowLogic.fold(start(resume), folder, merger);
    }
}
