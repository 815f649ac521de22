package io.waxwing.dataflow;

import io.waxwing.operators.StatefulLogic;
import java.util.Comparator;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The per-key logics behind {@link KeyedStream}'s stateful operators, each a {@link StatefulLogic}
 * built from the key's resume state. Their snapshots are the records nested in {@code KeyedStream}
 * ({@link KeyedStream.Reduction}), whose class names the recovery store records, or the user's own
 * state. {@link KeyedStream#collect}'s logic is {@link CollectLogic}, {@link KeyedStream#statefulBatch}'s
 * adapter {@link BatchLogicAdapter}.
 */
final class KeyedLogics {
    private KeyedLogics() {
    }

    /** {@link KeyedStream#statefulMap}: one output per value, the mapper's state kept per key. */
    static <V, W, S> StatefulLogic<V, W, S> statefulMap(S resume, BiFunction<S, V, StateAndOutput<S, W>> mapper) {
        return new StatefulLogic<V, W, S>() {
            private S state = resume;

            @Override
            public boolean onItem(V value, Consumer<? super W> emit) {
                StateAndOutput<S, W> r = mapper.apply(state, value);
                if (r == null) {
                    throw new NullPointerException("statefulMap mapper returned null instead of a StateAndOutput");
                }
                state = r.state();
                emit.accept(r.output());
                return state == null ? DISCARD : RETAIN;
            }

            @Override
            public S snapshot() {
                return state;
            }
        };
    }

    /** {@link KeyedStream#statefulFlatMap}: any number of outputs per value. */
    static <V, W, S> StatefulLogic<V, W, S> statefulFlatMap(S resume,
            BiFunction<S, V, StateAndOutput<S, ? extends Iterable<? extends W>>> mapper) {
        return new StatefulLogic<V, W, S>() {
            private S state = resume;

            @Override
            public boolean onItem(V value, Consumer<? super W> emit) {
                StateAndOutput<S, ? extends Iterable<? extends W>> r = mapper.apply(state, value);
                if (r == null || r.output() == null) {
                    throw new NullPointerException(
                            "statefulFlatMap mapper must return a StateAndOutput with an Iterable output");
                }
                state = r.state();
                for (W w : r.output()) {
                    emit.accept(w);
                }
                return state == null ? DISCARD : RETAIN;
            }

            @Override
            public S snapshot() {
                return state;
            }
        };
    }

    /** {@link KeyedStream#reduceFinal}: the reduction so far, emitted at end of input. */
    static <V> StatefulLogic<V, V, KeyedStream.Reduction<V>> reduce(KeyedStream.Reduction<V> resume,
            BinaryOperator<V> reducer) {
        return new StatefulLogic<V, V, KeyedStream.Reduction<V>>() {
            private KeyedStream.Reduction<V> acc = resume;

            @Override
            public boolean onItem(V value, Consumer<? super V> emit) {
                acc = new KeyedStream.Reduction<>(acc == null ? value : reducer.apply(acc.value(), value));
                return RETAIN;
            }

            @Override
            public boolean onEof(Consumer<? super V> emit) {
                if (acc != null) {
                    emit.accept(acc.value());
                }
                return DISCARD;
            }

            @Override
            public KeyedStream.Reduction<V> snapshot() {
                return acc;
            }
        };
    }

    /** {@link KeyedStream#foldFinal}: the accumulator so far, emitted at end of input. */
    static <V, S> StatefulLogic<V, S, S> fold(S resume, Supplier<? extends S> builder,
            BiFunction<? super S, ? super V, ? extends S> folder) {
        return new StatefulLogic<V, S, S>() {
            private S acc = resume == null ? builder.get() : resume;

            @Override
            public boolean onItem(V value, Consumer<? super S> emit) {
                acc = folder.apply(acc, value);
                return RETAIN;
            }

            @Override
            public boolean onEof(Consumer<? super S> emit) {
                emit.accept(acc);
                return DISCARD;
            }

            @Override
            public S snapshot() {
                return acc;
            }
        };
    }

    /** {@link KeyedStream#countFinal}: the count so far, emitted at end of input. */
    static <V> StatefulLogic<V, Long, Long> count(Long resume) {
        return new StatefulLogic<V, Long, Long>() {
            private long count = resume == null ? 0 : resume;

            @Override
            public boolean onItem(V value, Consumer<? super Long> emit) {
                count++;
                return RETAIN;
            }

            @Override
            public boolean onEof(Consumer<? super Long> emit) {
                emit.accept(count);
                return DISCARD;
            }

            @Override
            public Long snapshot() {
                return count;
            }
        };
    }

    /** The natural order, failing with a message naming {@code stepId} on values that are not Comparable. */
    static <V> Comparator<V> naturalOrder(String stepId) {
        return (a, b) -> {
            if (!(a instanceof Comparable<?>)) {
                throw new ClassCastException("values of type " + (a == null ? "null" : a.getClass().getName())
                        + " are not Comparable; pass a Comparator to " + stepId);
            }
            @SuppressWarnings("unchecked")
            Comparable<Object> ca = (Comparable<Object>) a;
            return ca.compareTo(b);
        };
    }
}
