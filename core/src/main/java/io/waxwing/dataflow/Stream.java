package io.waxwing.dataflow;

import io.waxwing.internal.graph.FilterOp;
import io.waxwing.internal.graph.ItemOpFactory;
import io.waxwing.internal.graph.MapOp;
import io.waxwing.internal.graph.Port;
import io.waxwing.internal.graph.Step;
import io.waxwing.operators.InspectDebugger;
import io.waxwing.operators.TtlCache;
import io.waxwing.outputs.Sink;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A stream of items in a {@link Dataflow}. Streams are immutable: each operator adds a step to the
 * dataflow and returns a new stream; the same stream may feed several steps.
 *
 * <p>Stateless operators ({@code map}, {@code filter}, ...) run on the worker that holds the item
 * and keep no state across epochs; chains of them are fused into direct calls. An exception thrown
 * by a function given to an operator stops the execution with a
 * {@link io.waxwing.errors.WaxwingRuntimeException} naming the step.
 *
 * <pre>{@code
 * flow.input("inp", new TestingSource<>(List.of(1, 2, 3)))
 *     .map("double", x -> x * 2)
 *     .filter("big", x -> x > 2)
 *     .output("out", new TestingSink<>(out));
 * }</pre>
 *
 * @param <T> item type
 */
public class Stream<T> {
    final Dataflow flow;
    final Port port;

    Stream(Dataflow flow, Port port) {
        this.flow = flow;
        this.port = port;
    }

    /** The dataflow this stream belongs to. */
    public Dataflow flow() {
        return flow;
    }

    /** The full id of the step that produces this stream. */
    public String stepId() {
        return port.step().id();
    }

    Port port() {
        return port;
    }

    /**
     * Transforms each item.
     *
     * <pre>{@code Stream<Integer> lengths = words.map("len", String::length);}</pre>
     */
    public <U> Stream<U> map(String stepId, Function<? super T, ? extends U> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        MapOp op = new MapOp(cast(mapper));
        return transform(stepId, ctx -> op);
    }

    /**
     * Keeps the items for which {@code predicate} holds.
     *
     * <pre>{@code Stream<Integer> evens = nums.filter("evens", x -> x % 2 == 0);}</pre>
     */
    public Stream<T> filter(String stepId, Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        FilterOp op = new FilterOp(cast(predicate));
        return transform(stepId, ctx -> op);
    }

    /**
     * Transforms each item and drops those mapped to {@code null}.
     *
     * <pre>{@code Stream<Integer> parsed = lines.filterMap("parse", s -> s.isBlank() ? null : Integer.parseInt(s));}</pre>
     */
    public <U> Stream<U> filterMap(String stepId, Function<? super T, ? extends U> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return transform(stepId, ctx -> (item, out) -> {
            Object u = mapper.apply(cast(item));
            if (u != null) {
                out.push(u);
            }
        });
    }

    /**
     * Transforms each item into any number of items.
     *
     * <pre>{@code Stream<String> words = lines.flatMap("split", l -> List.of(l.split(" ")));}</pre>
     */
    public <U> Stream<U> flatMap(String stepId, Function<? super T, ? extends Iterable<? extends U>> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return transform(stepId, ctx -> (item, out) -> {
            Iterable<? extends U> us = mapper.apply(cast(item));
            if (us == null) {
                throw new NullPointerException("flatMap function returned null instead of an Iterable");
            }
            for (U u : us) {
                out.push(u);
            }
        });
    }

    /**
     * Transforms each item into any number of items pushed to an emitter, like
     * {@link java.util.stream.Stream#mapMulti}: {@code mapper} gets the item and a {@code Consumer}
     * and calls it once per output item. Unlike {@link #flatMap}, no collection is built per item,
     * so splitting a line into words costs only the words. The emitter is valid only during the
     * call; do not keep it.
     *
     * <pre>{@code
     * Stream<String> words = lines.mapMulti("split", (String line, Consumer<String> out) -> {
     *     int start = 0;
     *     for (int sp; (sp = line.indexOf(' ', start)) >= 0; start = sp + 1) {
     *         out.accept(line.substring(start, sp));
     *     }
     *     out.accept(line.substring(start));
     * });
     * }</pre>
     */
    public <U> Stream<U> mapMulti(String stepId, BiConsumer<? super T, ? super Consumer<U>> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        // The worker's Emit is itself a Consumer: it is handed over as it is, with no wrapper per item.
        return transform(stepId, ctx -> (item, out) -> mapper.accept(cast(item), cast(out)));
    }

    /**
     * Transforms each batch of items, as it arrives on a worker, into any number of items. Use it to
     * amortise a per-call cost (a remote lookup for many items at once). Batch boundaries are not
     * part of the semantics: they depend on the source and the worker count.
     *
     * <pre>{@code Stream<Score> scores = texts.flatMapBatch("score", batch -> model.scoreAll(batch));}</pre>
     */
    public <U> Stream<U> flatMapBatch(String stepId,
            Function<? super List<T>, ? extends Iterable<? extends U>> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        Step step = flow.addStep(stepId, id -> new Step.Batch(id, port, batch -> mapper.apply(cast(batch))));
        return new Stream<>(flow, new Port(step, 0));
    }

    /**
     * Prints each item as {@code stepId: item} on standard output and passes it on.
     */
    public Stream<T> inspect(String stepId) {
        return inspectStep(stepId, fullId -> item -> System.out.println(fullId + ": " + item));
    }

    /**
     * Calls {@code inspector} with each item and passes the item on unchanged.
     *
     * <pre>{@code nums.inspect("seen", x -> LOG.debug("saw {}", x));}</pre>
     */
    public Stream<T> inspect(String stepId, Consumer<? super T> inspector) {
        Objects.requireNonNull(inspector, "inspector");
        return inspectStep(stepId, fullId -> inspector);
    }

    /**
     * Calls {@code inspector} with the full step id, each item, its epoch and the worker's index,
     * and passes the item on unchanged.
     *
     * <pre>{@code nums.inspectDebug("dbg", (step, x, epoch, worker) -> System.out.println(epoch + " " + x));}</pre>
     */
    public Stream<T> inspectDebug(String stepId, InspectDebugger<? super T> inspector) {
        Objects.requireNonNull(inspector, "inspector");
        Step step = flow.addStep(stepId, id -> new Step.Transform(id, port, ctx -> (item, out) -> {
            inspector.inspect(id, cast(item), ctx.epoch(), ctx.workerIndex());
            out.push(item);
        }, true));
        return new Stream<>(flow, new Port(step, 0));
    }

    private Stream<T> inspectStep(String stepId, Function<String, Consumer<? super T>> inspectorFor) {
        Step step = flow.addStep(stepId, id -> {
            Consumer<? super T> inspector = inspectorFor.apply(id);
            return new Step.Transform(id, port, ctx -> (item, out) -> {
                inspector.accept(cast(item));
                out.push(item);
            }, true);
        });
        return new Stream<>(flow, new Port(step, 0));
    }

    /**
     * Gives each item a key, making a keyed stream of {@code KV(key, item)}: the input of every
     * stateful operator. Keys route items: every item with one key is processed on one worker.
     *
     * <pre>{@code KeyedStream<Event> byUser = events.keyOn("by_user", Event::userId);}</pre>
     */
    public KeyedStream<T> keyOn(String stepId, Function<? super T, String> key) {
        Objects.requireNonNull(key, "key");
        return KeyedStream.of(transform(stepId, ctx -> (item, out) -> {
            String k = key.apply(cast(item));
            if (k == null) {
                throw new IllegalArgumentException("the key function returned null for item " + item);
            }
            out.push(new KV<>(k, item));
        }));
    }

    /**
     * Moves items round-robin over all workers, to spread the load of expensive stateless steps that
     * follow a source with few partitions.
     */
    public Stream<T> redistribute(String stepId) {
        Step step = flow.addStep(stepId, id -> new Step.Redistribute(id, port));
        return new Stream<>(flow, new Port(step, 0));
    }

    /**
     * Combines this stream with others into one. Order between the streams is not defined.
     *
     * <pre>{@code Stream<Event> all = clicks.merge("all", views, purchases);}</pre>
     */
    @SafeVarargs
    public final Stream<T> merge(String stepId, Stream<? extends T>... others) {
        List<Port> ports = new ArrayList<>();
        ports.add(port);
        for (Stream<? extends T> other : others) {
            ports.add(sameFlow(other, stepId).port);
        }
        Step step = flow.addStep(stepId, id -> new Step.Merge(id, List.copyOf(ports)));
        return new Stream<>(flow, new Port(step, 0));
    }

    /**
     * Splits the stream in two by a predicate.
     *
     * <pre>{@code BranchOut<Integer, Integer> b = nums.branch("evens", x -> x % 2 == 0);}</pre>
     */
    public BranchOut<T, T> branch(String stepId, Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        Step step = flow.addStep(stepId, id -> new Step.Branch(id, port, item -> predicate.test(cast(item))));
        return new BranchOut<>(new Stream<>(flow, new Port(step, 0)), new Stream<>(flow, new Port(step, 1)));
    }

    /**
     * Splits the stream by type: items that are instances of {@code type} go to a stream of that
     * type, the others to the second stream.
     *
     * <pre>{@code BranchOut<Click, Event> b = events.branch("clicks", Click.class);}</pre>
     */
    public <A extends T> BranchOut<A, T> branch(String stepId, Class<A> type) {
        Objects.requireNonNull(type, "type");
        Step step = flow.addStep(stepId, id -> new Step.Branch(id, port, type::isInstance));
        return new BranchOut<>(new Stream<>(flow, new Port(step, 0)), new Stream<>(flow, new Port(step, 1)));
    }

    /**
     * Writes every item to {@code sink}. A {@link io.waxwing.outputs.FixedPartitionedSink} needs a
     * keyed stream: items move to the worker that holds their partition.
     *
     * <pre>{@code nums.output("out", new StdOutSink<>());}</pre>
     */
    public void output(String stepId, Sink<? super T> sink) {
        Objects.requireNonNull(sink, "sink");
        flow.addStep(stepId, id -> new Step.Output(id, port, sink));
    }

    /**
     * Fails the execution on the first item that reaches it; for testing error handling. Like
     * {@link #output}, it ends the stream.
     */
    public void raises(String stepId) {
        output(stepId, (io.waxwing.outputs.DynamicSink<T>) (id, worker, count) -> items -> {
            throw new IllegalStateException("step raises on every item; got " + items.get(0));
        });
    }

    /**
     * Enriches each item with a value looked up by key and cached per worker for {@code ttl}.
     *
     * <pre>{@code
     * stream.enrichCached("rate", Duration.ofMinutes(1), currency -> ratesApi.fetch(currency),
     *         (cache, trade) -> trade.amount() * cache.get(trade.currency()));
     * }</pre>
     */
    public <C, U> Stream<U> enrichCached(String stepId, Duration ttl, Function<String, ? extends C> getter,
            BiFunction<TtlCache<C>, ? super T, ? extends U> mapper) {
        return enrichCached(stepId, ttl, getter, mapper, Clock.systemUTC());
    }

    /** {@link #enrichCached(String, Duration, Function, BiFunction)} with entries kept forever. */
    public <C, U> Stream<U> enrichCached(String stepId, Function<String, ? extends C> getter,
            BiFunction<TtlCache<C>, ? super T, ? extends U> mapper) {
        return enrichCached(stepId, Duration.ofSeconds(Long.MAX_VALUE), getter, mapper, Clock.systemUTC());
    }

    /**
     * {@link #enrichCached(String, Duration, Function, BiFunction)} with the clock that measures the
     * ttl given, for tests ({@link io.waxwing.testing.TimeTestingGetter}).
     */
    public <C, U> Stream<U> enrichCached(String stepId, Duration ttl, Function<String, ? extends C> getter,
            BiFunction<TtlCache<C>, ? super T, ? extends U> mapper, InstantSource clock) {
        Objects.requireNonNull(getter, "getter");
        Objects.requireNonNull(mapper, "mapper");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(clock, "clock");
        return transform(stepId, ctx -> {
            TtlCache<C> cache = new TtlCache<>(getter, ttl, clock);
            return (item, out) -> out.push(mapper.apply(cache, cast(item)));
        });
    }

    /**
     * Flattens a stream of iterables into a stream of their elements.
     *
     * <pre>{@code Stream<String> words = Stream.flatten("flat", wordLists);}</pre>
     */
    public static <U> Stream<U> flatten(String stepId, Stream<? extends Iterable<? extends U>> up) {
        return up.flatMap(stepId, it -> it);
    }

    <U> Stream<U> transform(String stepId, ItemOpFactory factory) {
        Step step = flow.addStep(stepId, id -> new Step.Transform(id, port, factory, false));
        return new Stream<>(flow, new Port(step, 0));
    }

    <S extends Stream<?>> S sameFlow(S other, String stepId) {
        Objects.requireNonNull(other, "stream");
        if (other.flow != flow) {
            throw new IllegalArgumentException("step '" + stepId + "' mixes streams of dataflow '"
                    + flow.flowId() + "' and dataflow '" + other.flow.flowId()
                    + "'; a step may only use streams of its own dataflow");
        }
        return other;
    }

    @SuppressWarnings("unchecked")
    static <X> X cast(Object o) {
        return (X) o;
    }

    @Override
    public String toString() {
        return "Stream(" + port.step().id() + (port.index() == 0 ? "" : "#" + port.index()) + ")";
    }
}
