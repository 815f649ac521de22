package io.waxwing.dataflow;

import io.waxwing.internal.graph.Port;
import io.waxwing.internal.graph.Step;
import io.waxwing.operators.InspectDebugger;
import io.waxwing.operators.JoinEmitMode;
import io.waxwing.operators.JoinInsertMode;
import io.waxwing.operators.Joined;
import io.waxwing.operators.StatefulBatchLogic;
import io.waxwing.operators.StatefulLogic;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A stream of {@link KV} items. Stateful operators on it keep state per key: every item with a
 * given key is routed to one worker (by a hash of the key that is the same in every JVM), and the
 * key's state is snapshotted at the end of each epoch in which it changed, so that a resumed
 * execution continues exactly where the last committed epoch left it.
 *
 * <pre>{@code
 * KeyedStream<Integer> sums = flow.input("inp", new TestingSource<>(List.of(1, 2, 3, 4)))
 *     .keyOn("parity", x -> x % 2 == 0 ? "even" : "odd")
 *     .reduceFinal("sum", Integer::sum);   // KV("odd", 4), KV("even", 6) at end of input
 * }</pre>
 *
 * <p>The window operators ({@code window}, {@code collectWindow}, {@code foldWindow},
 * {@code joinWindow}, ...) are called on a keyed stream too; they are declared, with their
 * documentation, in {@link KeyedWindowOperators}.
 *
 * @param <V> value type
 */
public final class KeyedStream<V> extends Stream<KV<V>> implements KeyedWindowOperators<V> {

    KeyedStream(Dataflow flow, Port port) {
        super(flow, port);
    }

    /**
     * Views a stream of {@link KV} items as a keyed stream. Adds no step and moves no data.
     *
     * <pre>{@code KeyedStream<Long> keyed = KeyedStream.of(pairs);}</pre>
     */
    public static <V> KeyedStream<V> of(Stream<KV<V>> stream) {
        if (stream instanceof KeyedStream<V> keyed) {
            return keyed;
        }
        return new KeyedStream<>(stream.flow, stream.port);
    }

    /** {@link Stream#filter} that keeps the stream keyed. */
    @Override
    public KeyedStream<V> filter(String stepId, Predicate<? super KV<V>> predicate) {
        return KeyedStream.of(super.filter(stepId, predicate));
    }

    /** {@link Stream#inspect(String)} that keeps the stream keyed. */
    @Override
    public KeyedStream<V> inspect(String stepId) {
        return KeyedStream.of(super.inspect(stepId));
    }

    /** {@link Stream#inspect(String, Consumer)} that keeps the stream keyed. */
    @Override
    public KeyedStream<V> inspect(String stepId, Consumer<? super KV<V>> inspector) {
        return KeyedStream.of(super.inspect(stepId, inspector));
    }

    /** {@link Stream#inspectDebug} that keeps the stream keyed. */
    @Override
    public KeyedStream<V> inspectDebug(String stepId, InspectDebugger<? super KV<V>> inspector) {
        return KeyedStream.of(super.inspectDebug(stepId, inspector));
    }

    /** {@link Stream#redistribute} that keeps the stream keyed. */
    @Override
    public KeyedStream<V> redistribute(String stepId) {
        return KeyedStream.of(super.redistribute(stepId));
    }

    /**
     * Transforms each value, keeping its key.
     *
     * <pre>{@code KeyedStream<Integer> lengths = keyedWords.mapValue("len", String::length);}</pre>
     */
    public <W> KeyedStream<W> mapValue(String stepId, Function<? super V, ? extends W> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return KeyedStream.of(transform(stepId, ctx -> (item, out) -> {
            KV<V> kv = cast(item);
            out.push(new KV<>(kv.key(), mapper.apply(kv.value())));
        }));
    }

    /** Keeps the items whose value satisfies {@code predicate}. */
    public KeyedStream<V> filterValue(String stepId, Predicate<? super V> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return KeyedStream.of(transform(stepId, ctx -> (item, out) -> {
            KV<V> kv = cast(item);
            if (predicate.test(kv.value())) {
                out.push(kv);
            }
        }));
    }

    /** Transforms each value and drops the items whose value maps to {@code null}. */
    public <W> KeyedStream<W> filterMapValue(String stepId, Function<? super V, ? extends W> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return KeyedStream.of(transform(stepId, ctx -> (item, out) -> {
            KV<V> kv = cast(item);
            W w = mapper.apply(kv.value());
            if (w != null) {
                out.push(new KV<>(kv.key(), w));
            }
        }));
    }

    /** Transforms each value into any number of values, each with the item's key. */
    public <W> KeyedStream<W> flatMapValue(String stepId, Function<? super V, ? extends Iterable<? extends W>> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return KeyedStream.of(transform(stepId, ctx -> (item, out) -> {
            KV<V> kv = cast(item);
            Iterable<? extends W> ws = mapper.apply(kv.value());
            if (ws == null) {
                throw new NullPointerException("flatMapValue function returned null instead of an Iterable");
            }
            for (W w : ws) {
                out.push(new KV<>(kv.key(), w));
            }
        }));
    }

    /** Drops the keys, leaving a stream of the values. */
    public Stream<V> keyRm(String stepId) {
        return transform(stepId, ctx -> (item, out) -> out.push(((KV<?>) item).value()));
    }

    /**
     * Runs a {@link StatefulLogic} per key: the most general stateful operator. {@code builder} gets
     * the key's resume state ({@code null} for a new key) and returns its logic.
     *
     * <pre>{@code
     * keyed.stateful("count", (Long resume) -> new StatefulLogic<String, Long, Long>() {
     *     long n = resume == null ? 0 : resume;
     *     public boolean onItem(String v, Consumer<? super Long> emit) { emit.accept(++n); return RETAIN; }
     *     public Long snapshot() { return n; }
     * });
     * }</pre>
     */
    public <W, S> KeyedStream<W> stateful(String stepId,
            Function<? super S, ? extends StatefulLogic<V, W, S>> builder) {
        Objects.requireNonNull(builder, "builder");
        Step step = flow.addStep(stepId, id -> new Step.Stateful(id, port,
                resume -> cast(builder.apply(cast(resume)))));
        return new KeyedStream<>(flow, new Port(step, 0));
    }

    /**
     * Runs a {@link StatefulBatchLogic} per key (Bytewax's {@code stateful_batch}): like
     * {@link #stateful}, but {@code onBatch} gets all of a key's values of one incoming batch at once.
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
     */
    public <W, S> KeyedStream<W> statefulBatch(String stepId,
            Function<? super S, ? extends StatefulBatchLogic<V, W, S>> builder) {
        Objects.requireNonNull(builder, "builder");
        Step step = flow.addStep(stepId, id -> new Step.Stateful(id, port, BatchLogicAdapter.factory(builder)));
        return new KeyedStream<>(flow, new Port(step, 0));
    }

    /**
     * Maps each value with the key's state: {@code mapper} gets the state ({@code null} the first
     * time) and the value and returns the new state and the value to emit. A {@code null} state
     * discards the key's state.
     *
     * <p>With recovery, the state is snapshotted and must come back from its encoding: numbers,
     * {@code String}, enums, {@code List}/{@code Set}/{@code Map}, records and classes with a
     * no-argument constructor work, final-field classes without one, lambdas and threads do not;
     * see {@link io.waxwing.operators.StatefulLogic} for the full list. Such a type fails this step
     * at its first snapshot, naming the type, before anything is stored.
     *
     * <pre>{@code
     * keyed.statefulMap("running_sum", (Integer sum, Integer x) -> {
     *     int s = (sum == null ? 0 : sum) + x;
     *     return new StateAndOutput<>(s, s);
     * });
     * }</pre>
     */
    public <S, W> KeyedStream<W> statefulMap(String stepId, BiFunction<S, V, StateAndOutput<S, W>> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return stateful(stepId, (S resume) -> KeyedLogics.statefulMap(resume, mapper));
    }

    /**
     * Like {@link #statefulMap} but emits any number of values per item.
     *
     * <pre>{@code
     * keyed.statefulFlatMap("dedupe", (Set<String> seen, String v) -> {
     *     Set<String> s = seen == null ? new HashSet<>() : seen;
     *     return new StateAndOutput<>(s, s.add(v) ? List.of(v) : List.of());
     * });
     * }</pre>
     */
    public <S, W> KeyedStream<W> statefulFlatMap(String stepId,
            BiFunction<S, V, StateAndOutput<S, ? extends Iterable<? extends W>>> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return stateful(stepId, (S resume) -> KeyedLogics.statefulFlatMap(resume, mapper));
    }

    /**
     * Combines all values of each key with {@code reducer}; emits one value per key at end of input.
     *
     * <pre>{@code KeyedStream<Integer> sums = keyed.reduceFinal("sum", Integer::sum);}</pre>
     */
    public KeyedStream<V> reduceFinal(String stepId, BinaryOperator<V> reducer) {
        Objects.requireNonNull(reducer, "reducer");
        return stateful(stepId, (Reduction<V> resume) -> KeyedLogics.reduce(resume, reducer));
    }

    /** The running value of a reduction; a record so that a reduced {@code null} is still a value. */
    record Reduction<V>(V value) {
    }

    /**
     * Folds all values of each key into an accumulator that starts from {@code builder.get()};
     * emits one accumulator per key at end of input.
     *
     * <pre>{@code KeyedStream<List<String>> all = keyed.foldFinal("all", ArrayList::new, (l, v) -> { l.add(v); return l; });}</pre>
     */
    public <S> KeyedStream<S> foldFinal(String stepId, Supplier<? extends S> builder,
            BiFunction<? super S, ? super V, ? extends S> folder) {
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(folder, "folder");
        return stateful(stepId, (S resume) -> KeyedLogics.<V, S>fold(resume, builder, folder));
    }

    /**
     * Counts the items of each key; emits one count per key at end of input.
     *
     * <pre>{@code KeyedStream<Long> counts = words.keyOn("key", w -> w).countFinal("count");}</pre>
     */
    public KeyedStream<Long> countFinal(String stepId) {
        return stateful(stepId, (Long resume) -> KeyedLogics.<V>count(resume));
    }

    /** The largest value of each key by {@code order}, emitted at end of input. */
    public KeyedStream<V> maxFinal(String stepId, Comparator<? super V> order) {
        Objects.requireNonNull(order, "order");
        return reduceFinal(stepId, (a, b) -> order.compare(b, a) > 0 ? b : a);
    }

    /** The largest value of each key by natural order (values must be {@link Comparable}). */
    public KeyedStream<V> maxFinal(String stepId) {
        return maxFinal(stepId, KeyedLogics.naturalOrder(stepId));
    }

    /** The smallest value of each key by {@code order}, emitted at end of input. */
    public KeyedStream<V> minFinal(String stepId, Comparator<? super V> order) {
        Objects.requireNonNull(order, "order");
        return reduceFinal(stepId, (a, b) -> order.compare(b, a) < 0 ? b : a);
    }

    /** The smallest value of each key by natural order (values must be {@link Comparable}). */
    public KeyedStream<V> minFinal(String stepId) {
        return minFinal(stepId, KeyedLogics.naturalOrder(stepId));
    }

    /**
     * Collects the values of each key into lists: a list is emitted when it reaches
     * {@code maxSize}, when {@code timeout} of system time has passed without a new value for
     * the key (each value restarts the timeout, as in Bytewax), or at end of input.
     *
     * <pre>{@code KeyedStream<List<Event>> batches = keyed.collect("batch", Duration.ofSeconds(10), 100);}</pre>
     */
    public KeyedStream<List<V>> collect(String stepId, Duration timeout, int maxSize) {
        return collect(stepId, timeout, maxSize, InstantSource.system());
    }

    /**
     * {@link #collect(String, Duration, int)} with the timeout measured by {@code clock} (Bytewax's
     * {@code now_getter}), e.g. a {@link io.waxwing.testing.TimeTestingGetter} that a test advances:
     * a list times out once the clock has passed its deadline, at the end of the next batch or
     * wake-up of the step. The state snapshot holds the deadline by this clock.
     *
     * <pre>{@code keyed.collect("batch", Duration.ofSeconds(10), 100, clock);}</pre>
     */
    public KeyedStream<List<V>> collect(String stepId, Duration timeout, int maxSize, InstantSource clock) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(clock, "clock");
        if (maxSize < 1) {
            throw new IllegalArgumentException("collect '" + stepId + "' needs maxSize >= 1, got " + maxSize);
        }
        return stateful(stepId, (Collected<V> resume) -> new CollectLogic<>(timeout, maxSize, clock, resume));
    }

    /** The snapshot of a {@link #collect} key: the values so far and when they time out. */
    public record Collected<V>(List<V> items, Instant timeoutAt) {
    }

    /**
     * Joins this stream with {@code other} by key, emitting a row as soon as both sides have a
     * value (then forgetting the key), each side keeping its latest value.
     *
     * <pre>{@code KeyedStream<Joined<String, Integer>> rows = names.join("join", ages);}</pre>
     */
    public <U> KeyedStream<Joined<V, U>> join(String stepId, KeyedStream<U> other) {
        return join(stepId, other, JoinInsertMode.LAST, JoinEmitMode.COMPLETE);
    }

    /**
     * Joins this stream with {@code other} by key with the given modes; a side without a value is
     * {@code null} in the row.
     *
     * <pre>{@code keyed.join("join", other, JoinInsertMode.PRODUCT, JoinEmitMode.FINAL);}</pre>
     */
    public <U> KeyedStream<Joined<V, U>> join(String stepId, KeyedStream<U> other, JoinInsertMode insertMode,
            JoinEmitMode emitMode) {
        return JoinSteps.join(this, stepId, other, insertMode, emitMode);
    }

    /**
     * Joins this stream with any number of others by key. Each row is a list with one element per
     * side, this stream first, {@code null} for a side without a value.
     *
     * <pre>{@code KeyedStream<List<Object>> rows = a.join("join", JoinInsertMode.LAST, JoinEmitMode.RUNNING, b, c);}</pre>
     */
    public KeyedStream<List<Object>> join(String stepId, JoinInsertMode insertMode, JoinEmitMode emitMode,
            KeyedStream<?>... others) {
        return JoinSteps.join(this, stepId, insertMode, emitMode, others);
    }
}
