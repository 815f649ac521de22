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
import java.util.ArrayList;
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
 * @param <V> value type
 */
public final class KeyedStream<V> extends Stream<KV<V>> {

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
                resume -> new LogicAdapter(cast(builder.apply(cast(resume))))));
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
     * <pre>{@code
     * keyed.statefulMap("running_sum", (Integer sum, Integer x) -> {
     *     int s = (sum == null ? 0 : sum) + x;
     *     return new StateAndOutput<>(s, s);
     * });
     * }</pre>
     */
    public <S, W> KeyedStream<W> statefulMap(String stepId, BiFunction<S, V, StateAndOutput<S, W>> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return stateful(stepId, (S resume) -> new StatefulLogic<V, W, S>() {
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
        });
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
        return stateful(stepId, (S resume) -> new StatefulLogic<V, W, S>() {
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
        });
    }

    /**
     * Combines all values of each key with {@code reducer}; emits one value per key at end of input.
     *
     * <pre>{@code KeyedStream<Integer> sums = keyed.reduceFinal("sum", Integer::sum);}</pre>
     */
    public KeyedStream<V> reduceFinal(String stepId, BinaryOperator<V> reducer) {
        Objects.requireNonNull(reducer, "reducer");
        return stateful(stepId, (Reduction<V> resume) -> new StatefulLogic<V, V, Reduction<V>>() {
            private Reduction<V> acc = resume;

            @Override
            public boolean onItem(V value, Consumer<? super V> emit) {
                acc = new Reduction<>(acc == null ? value : reducer.apply(acc.value(), value));
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
            public Reduction<V> snapshot() {
                return acc;
            }
        });
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
        return stateful(stepId, (S resume) -> new StatefulLogic<V, S, S>() {
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
        });
    }

    /**
     * Counts the items of each key; emits one count per key at end of input.
     *
     * <pre>{@code KeyedStream<Long> counts = words.keyOn("key", w -> w).countFinal("count");}</pre>
     */
    public KeyedStream<Long> countFinal(String stepId) {
        return stateful(stepId, (Long resume) -> new StatefulLogic<V, Long, Long>() {
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
        });
    }

    /** The largest value of each key by {@code order}, emitted at end of input. */
    public KeyedStream<V> maxFinal(String stepId, Comparator<? super V> order) {
        Objects.requireNonNull(order, "order");
        return reduceFinal(stepId, (a, b) -> order.compare(b, a) > 0 ? b : a);
    }

    /** The largest value of each key by natural order (values must be {@link Comparable}). */
    public KeyedStream<V> maxFinal(String stepId) {
        return maxFinal(stepId, naturalOrder(stepId));
    }

    /** The smallest value of each key by {@code order}, emitted at end of input. */
    public KeyedStream<V> minFinal(String stepId, Comparator<? super V> order) {
        Objects.requireNonNull(order, "order");
        return reduceFinal(stepId, (a, b) -> order.compare(b, a) < 0 ? b : a);
    }

    /** The smallest value of each key by natural order (values must be {@link Comparable}). */
    public KeyedStream<V> minFinal(String stepId) {
        return minFinal(stepId, naturalOrder(stepId));
    }

    private static <V> Comparator<V> naturalOrder(String stepId) {
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
        Objects.requireNonNull(other, "other");
        KeyedStream<List<Object>> rows = join(stepId, insertMode, emitMode, other);
        Step step = flow.addNested(rows.stepId().substring(0, rows.stepId().lastIndexOf('.')), "typed",
                id -> new Step.Transform(id, rows.port, ctx -> (item, out) -> {
                    KV<List<Object>> kv = cast(item);
                    out.push(new KV<>(kv.key(), new Joined<V, U>(cast(kv.value().get(0)), cast(kv.value().get(1)))));
                }, false));
        return new KeyedStream<>(flow, new Port(step, 0));
    }

    /**
     * Joins this stream with any number of others by key. Each row is a list with one element per
     * side, this stream first, {@code null} for a side without a value.
     *
     * <pre>{@code KeyedStream<List<Object>> rows = a.join("join", JoinInsertMode.LAST, JoinEmitMode.RUNNING, b, c);}</pre>
     */
    public KeyedStream<List<Object>> join(String stepId, JoinInsertMode insertMode, JoinEmitMode emitMode,
            KeyedStream<?>... others) {
        Objects.requireNonNull(insertMode, "insertMode");
        Objects.requireNonNull(emitMode, "emitMode");
        List<KeyedStream<?>> sides = new ArrayList<>();
        sides.add(this);
        for (KeyedStream<?> other : others) {
            sides.add(sameFlow(other, stepId));
        }
        int n = sides.size();
        // The composite's own id is reserved first; its parts are nested below it.
        String[] fullId = new String[1];
        Step merge = flow.addStep(stepId, id -> {
            fullId[0] = id;
            List<Port> tagged = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int side = i;
                Step tag = flow.addNested(id, "side_" + i, sid -> new Step.Transform(sid, sides.get(side).port,
                        ctx -> (item, out) -> {
                            KV<?> kv = cast(item);
                            out.push(new KV<>(kv.key(), new JoinLogic.Tagged(side, kv.value())));
                        }, false));
                tagged.add(new Port(tag, 0));
            }
            return new Step.Merge(id + ".merge", List.copyOf(tagged));
        });
        Step join = flow.addNested(fullId[0], "join", id -> new Step.Stateful(id, new Port(merge, 0),
                resume -> new LogicAdapter(cast(new JoinLogic(n, insertMode, emitMode, cast(resume))))));
        return new KeyedStream<>(flow, new Port(join, 0));
    }

    // ---- windowing operators ----
    // Bytewax's bytewax.operators.windowing. Each operator is one composite step: a stateful step
    // ("stateful") running io.waxwing.windowing.internal.WindowKeyLogic per key, whose tagged
    // events are split into the down, late and meta streams ("down", "late", "meta"), all nested
    // under the operator's step id. Names are qualified because this block adds no imports.

    /**
     * Runs a {@link io.waxwing.windowing.WindowLogic} per window of each key: the most general
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
    public <W, S> io.waxwing.windowing.WindowOut<V, W> window(String stepId,
            io.waxwing.windowing.Clock<? super V, ?> clock, io.waxwing.windowing.Windower<?> windower,
            Function<? super S, ? extends io.waxwing.windowing.WindowLogic<V, W, S>> builder) {
        return window(stepId, clock, windower, builder, true);
    }

    /**
     * {@link #window(String, io.waxwing.windowing.Clock, io.waxwing.windowing.Windower, Function)}
     * choosing whether values reach the logics in timestamp order ({@code ordered}: held back until
     * the watermark reaches them, which costs latency) or as they arrive.
     *
     * <pre>{@code keyed.window("sum", clock, windower, SumLogic::new, false);}</pre>
     */
    public <W, S> io.waxwing.windowing.WindowOut<V, W> window(String stepId,
            io.waxwing.windowing.Clock<? super V, ?> clock, io.waxwing.windowing.Windower<?> windower,
            Function<? super S, ? extends io.waxwing.windowing.WindowLogic<V, W, S>> builder, boolean ordered) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(windower, "windower");
        Objects.requireNonNull(builder, "builder");
        return windowSteps(stepId, id -> port, resume -> new LogicAdapter(cast(
                io.waxwing.windowing.internal.WindowKeyLogic.build(clock, windower, builder, ordered, cast(resume)))),
                null);
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
    public io.waxwing.windowing.WindowOut<V, List<V>> collectWindow(String stepId,
            io.waxwing.windowing.Clock<? super V, ?> clock, io.waxwing.windowing.Windower<?> windower) {
        return collectWindow(stepId, clock, windower, java.util.stream.Collectors.toList(), true);
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
    public <R> io.waxwing.windowing.WindowOut<V, R> collectWindow(String stepId,
            io.waxwing.windowing.Clock<? super V, ?> clock, io.waxwing.windowing.Windower<?> windower,
            java.util.stream.Collector<? super V, ?, ? extends R> collector) {
        return collectWindow(stepId, clock, windower, collector, true);
    }

    /**
     * {@link #collectWindow(String, io.waxwing.windowing.Clock, io.waxwing.windowing.Windower,
     * java.util.stream.Collector)} choosing whether the values are in timestamp order
     * ({@code ordered}) or in arrival order.
     *
     * <pre>{@code keyed.collectWindow("all", clock, windower, Collectors.toList(), false);}</pre>
     */
    public <R> io.waxwing.windowing.WindowOut<V, R> collectWindow(String stepId,
            io.waxwing.windowing.Clock<? super V, ?> clock, io.waxwing.windowing.Windower<?> windower,
            java.util.stream.Collector<? super V, ?, ? extends R> collector, boolean ordered) {
        Objects.requireNonNull(collector, "collector");
        return window(stepId, clock, windower,
                (List<V> resume) -> io.waxwing.windowing.internal.FoldWindowLogic.<V, R>collect(resume, collector),
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
    public io.waxwing.windowing.WindowOut<V, Long> countWindow(String stepId,
            io.waxwing.windowing.Clock<? super V, ?> clock, io.waxwing.windowing.Windower<?> windower) {
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
    public <S> io.waxwing.windowing.WindowOut<V, S> foldWindow(String stepId,
            io.waxwing.windowing.Clock<? super V, ?> clock, io.waxwing.windowing.Windower<?> windower,
            Supplier<? extends S> builder, BiFunction<? super S, ? super V, ? extends S> folder,
            BinaryOperator<S> merger) {
        return foldWindow(stepId, clock, windower, builder, folder, merger, true);
    }

    /**
     * {@link #foldWindow(String, io.waxwing.windowing.Clock, io.waxwing.windowing.Windower, Supplier,
     * BiFunction, BinaryOperator)} choosing whether values are folded in timestamp order
     * ({@code ordered}) or in arrival order.
     *
     * <pre>{@code keyed.foldWindow("sum", clock, windower, () -> 0, (a, x) -> a + x, Integer::sum, false);}</pre>
     */
    public <S> io.waxwing.windowing.WindowOut<V, S> foldWindow(String stepId,
            io.waxwing.windowing.Clock<? super V, ?> clock, io.waxwing.windowing.Windower<?> windower,
            Supplier<? extends S> builder, BiFunction<? super S, ? super V, ? extends S> folder,
            BinaryOperator<S> merger, boolean ordered) {
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(merger, "merger");
        return window(stepId, clock, windower,
                (S resume) -> io.waxwing.windowing.internal.FoldWindowLogic.<V, S>fold(
                        resume == null ? builder.get() : resume, folder, merger),
                ordered);
    }

    /**
     * Combines the values of each window with {@code reducer}, the first value being the start;
     * emits the result when the window closes (Bytewax's {@code reduce_window}). Values are reduced
     * in arrival order.
     *
     * <pre>{@code WindowOut<Integer, Integer> sums = keyed.reduceWindow("sum", clock, windower, Integer::sum);}</pre>
     */
    public io.waxwing.windowing.WindowOut<V, V> reduceWindow(String stepId,
            io.waxwing.windowing.Clock<? super V, ?> clock, io.waxwing.windowing.Windower<?> windower,
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
    public io.waxwing.windowing.WindowOut<V, V> maxWindow(String stepId,
            io.waxwing.windowing.Clock<? super V, ?> clock, io.waxwing.windowing.Windower<?> windower,
            Comparator<? super V> order) {
        Objects.requireNonNull(order, "order");
        return reduceWindow(stepId, clock, windower, (a, b) -> order.compare(b, a) > 0 ? b : a);
    }

    /**
     * The largest value of each window by natural order (values must be {@link Comparable}).
     *
     * <pre>{@code WindowOut<Integer, Integer> peaks = keyed.maxWindow("peak", clock, windower);}</pre>
     */
    public io.waxwing.windowing.WindowOut<V, V> maxWindow(String stepId,
            io.waxwing.windowing.Clock<? super V, ?> clock, io.waxwing.windowing.Windower<?> windower) {
        return maxWindow(stepId, clock, windower, naturalOrder(stepId));
    }

    /**
     * The smallest value of each window by {@code order} (the first of equals), emitted when the
     * window closes (Bytewax's {@code min_window} with {@code by}).
     *
     * <pre>{@code keyed.minWindow("coldest", clock, windower, Comparator.comparing(Reading::celsius));}</pre>
     */
    public io.waxwing.windowing.WindowOut<V, V> minWindow(String stepId,
            io.waxwing.windowing.Clock<? super V, ?> clock, io.waxwing.windowing.Windower<?> windower,
            Comparator<? super V> order) {
        Objects.requireNonNull(order, "order");
        return reduceWindow(stepId, clock, windower, (a, b) -> order.compare(b, a) < 0 ? b : a);
    }

    /**
     * The smallest value of each window by natural order (values must be {@link Comparable}).
     *
     * <pre>{@code WindowOut<Integer, Integer> lows = keyed.minWindow("low", clock, windower);}</pre>
     */
    public io.waxwing.windowing.WindowOut<V, V> minWindow(String stepId,
            io.waxwing.windowing.Clock<? super V, ?> clock, io.waxwing.windowing.Windower<?> windower) {
        return minWindow(stepId, clock, windower, naturalOrder(stepId));
    }

    /**
     * Joins this stream with {@code other} by key within each window (Bytewax's
     * {@code join_window}), keeping the last value of each side and emitting one row per window
     * when it closes ({@link JoinInsertMode#LAST}, {@link JoinEmitMode#FINAL}); a side without a
     * value is {@code null} in the row. {@code clock} sees the values of both streams and must
     * accept them all; the late stream tells the sides apart with
     * {@link io.waxwing.windowing.SideValue}.
     *
     * <pre>{@code
     * WindowOut<SideValue, Joined<Order, Payment>> paid = orders.joinWindow("paid",
     *     new EventClock<Object>(x -> ((HasTime) x).time(), Duration.ofSeconds(30)),
     *     new SessionWindower(Duration.ofMinutes(5)), payments);
     * }</pre>
     */
    public <U> io.waxwing.windowing.WindowOut<io.waxwing.windowing.SideValue, Joined<V, U>> joinWindow(String stepId,
            io.waxwing.windowing.Clock<?, ?> clock, io.waxwing.windowing.Windower<?> windower, KeyedStream<U> other) {
        return joinWindow(stepId, clock, windower, other, JoinInsertMode.LAST, JoinEmitMode.FINAL, true);
    }

    /**
     * {@link #joinWindow(String, io.waxwing.windowing.Clock, io.waxwing.windowing.Windower, KeyedStream)}
     * with the given modes: {@code COMPLETE} emits a row as soon as both sides have a value in the
     * window (then starts the window's row over), {@code RUNNING} after every value, {@code FINAL}
     * when the window closes.
     *
     * <pre>{@code
     * orders.joinWindow("paid", clock, windower, payments, JoinInsertMode.FIRST, JoinEmitMode.COMPLETE);
     * }</pre>
     */
    public <U> io.waxwing.windowing.WindowOut<io.waxwing.windowing.SideValue, Joined<V, U>> joinWindow(String stepId,
            io.waxwing.windowing.Clock<?, ?> clock, io.waxwing.windowing.Windower<?> windower, KeyedStream<U> other,
            JoinInsertMode insertMode, JoinEmitMode emitMode) {
        return joinWindow(stepId, clock, windower, other, insertMode, emitMode, true);
    }

    /**
     * {@link #joinWindow(String, io.waxwing.windowing.Clock, io.waxwing.windowing.Windower, KeyedStream,
     * JoinInsertMode, JoinEmitMode)} choosing whether values join in timestamp order
     * ({@code ordered}) or in arrival order.
     *
     * <pre>{@code
     * orders.joinWindow("paid", clock, windower, payments, JoinInsertMode.LAST, JoinEmitMode.RUNNING, false);
     * }</pre>
     */
    public <U> io.waxwing.windowing.WindowOut<io.waxwing.windowing.SideValue, Joined<V, U>> joinWindow(String stepId,
            io.waxwing.windowing.Clock<?, ?> clock, io.waxwing.windowing.Windower<?> windower, KeyedStream<U> other,
            JoinInsertMode insertMode, JoinEmitMode emitMode, boolean ordered) {
        Objects.requireNonNull(other, "other");
        return joinWindowSteps(stepId, clock, windower, insertMode, emitMode, ordered, List.of(this, other),
                row -> {
                    List<?> r = (List<?>) row;
                    return new Joined<V, U>(cast(r.get(0)), cast(r.get(1)));
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
    public io.waxwing.windowing.WindowOut<io.waxwing.windowing.SideValue, List<Object>> joinWindow(String stepId,
            io.waxwing.windowing.Clock<?, ?> clock, io.waxwing.windowing.Windower<?> windower,
            JoinInsertMode insertMode, JoinEmitMode emitMode, KeyedStream<?>... others) {
        return joinWindow(stepId, clock, windower, insertMode, emitMode, true, others);
    }

    /**
     * {@link #joinWindow(String, io.waxwing.windowing.Clock, io.waxwing.windowing.Windower,
     * JoinInsertMode, JoinEmitMode, KeyedStream...)} choosing whether values join in timestamp order
     * ({@code ordered}) or in arrival order.
     *
     * <pre>{@code a.joinWindow("join", clock, windower, JoinInsertMode.LAST, JoinEmitMode.FINAL, false, b);}</pre>
     */
    public io.waxwing.windowing.WindowOut<io.waxwing.windowing.SideValue, List<Object>> joinWindow(String stepId,
            io.waxwing.windowing.Clock<?, ?> clock, io.waxwing.windowing.Windower<?> windower,
            JoinInsertMode insertMode, JoinEmitMode emitMode, boolean ordered, KeyedStream<?>... others) {
        List<KeyedStream<?>> sides = new ArrayList<>();
        sides.add(this);
        sides.addAll(List.of(others));
        return joinWindowSteps(stepId, clock, windower, insertMode, emitMode, ordered, sides, null);
    }

    private <W> io.waxwing.windowing.WindowOut<io.waxwing.windowing.SideValue, W> joinWindowSteps(String stepId,
            io.waxwing.windowing.Clock<?, ?> clock, io.waxwing.windowing.Windower<?> windower,
            JoinInsertMode insertMode, JoinEmitMode emitMode, boolean ordered, List<KeyedStream<?>> sides,
            Function<Object, Object> row) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(windower, "windower");
        Objects.requireNonNull(insertMode, "insertMode");
        Objects.requireNonNull(emitMode, "emitMode");
        for (KeyedStream<?> side : sides) {
            sameFlow(side, stepId);
        }
        int n = sides.size();
        io.waxwing.windowing.Clock<io.waxwing.windowing.SideValue, ?> sideClock =
                io.waxwing.windowing.internal.SideValueClock.of(clock);
        Function<List<List<Object>>, io.waxwing.windowing.internal.JoinWindowLogic> builder =
                resume -> new io.waxwing.windowing.internal.JoinWindowLogic(n, insertMode, emitMode, resume);
        Function<String, Port> input = id -> {
            List<Port> tagged = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int side = i;
                Step tag = flow.addNested(id, "side_" + i, sid -> new Step.Transform(sid, sides.get(side).port,
                        ctx -> (item, out) -> {
                            KV<?> kv = cast(item);
                            out.push(new KV<>(kv.key(), new io.waxwing.windowing.SideValue(side, kv.value())));
                        }, false));
                tagged.add(new Port(tag, 0));
            }
            return new Port(flow.addNested(id, "merge", mid -> new Step.Merge(mid, List.copyOf(tagged))), 0);
        };
        return windowSteps(stepId, input, resume -> new LogicAdapter(cast(
                io.waxwing.windowing.internal.WindowKeyLogic.build(sideClock, windower, builder, ordered,
                        cast(resume)))), row);
    }

    /**
     * Adds a window operator's steps under {@code stepId}: the stateful step running the per-key
     * state machine, then one stream per kind of event it emits. {@code downValue}, when given,
     * converts the values of the down stream.
     */
    private <I, W> io.waxwing.windowing.WindowOut<I, W> windowSteps(String stepId, Function<String, Port> input,
            io.waxwing.internal.graph.KeyedLogicFactory logic, Function<Object, Object> downValue) {
        String[] fullId = new String[1];
        Step events = flow.addStep(stepId, id -> {
            fullId[0] = id;
            return new Step.Stateful(id + ".stateful", input.apply(id), logic);
        });
        return new io.waxwing.windowing.WindowOut<>(
                windowEvents(fullId[0], "down", events, io.waxwing.windowing.internal.WindowEvent.Kind.DOWN, downValue),
                windowEvents(fullId[0], "late", events, io.waxwing.windowing.internal.WindowEvent.Kind.LATE, null),
                windowEvents(fullId[0], "meta", events, io.waxwing.windowing.internal.WindowEvent.Kind.META, null));
    }

    private <T> KeyedStream<io.waxwing.windowing.Windowed<T>> windowEvents(String parentId, String childId,
            Step events, io.waxwing.windowing.internal.WindowEvent.Kind kind, Function<Object, Object> mapValue) {
        Step step = flow.addNested(parentId, childId, id -> new Step.Transform(id, new Port(events, 0),
                ctx -> (item, out) -> {
                    KV<?> kv = cast(item);
                    io.waxwing.windowing.internal.WindowEvent event = cast(kv.value());
                    if (event.kind() == kind) {
                        io.waxwing.windowing.Windowed<?> w = event.item();
                        out.push(new KV<>(kv.key(), mapValue == null ? w
                                : new io.waxwing.windowing.Windowed<>(w.windowId(), mapValue.apply(w.value()))));
                    }
                }, false));
        return new KeyedStream<>(flow, new Port(step, 0));
    }
    // ---- windowing operators ----
}
