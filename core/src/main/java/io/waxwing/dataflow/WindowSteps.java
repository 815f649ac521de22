package io.waxwing.dataflow;

import io.waxwing.internal.graph.ItemOp;
import io.waxwing.internal.graph.KeyedLogicFactory;
import io.waxwing.internal.graph.Port;
import io.waxwing.internal.graph.Step;
import io.waxwing.operators.JoinEmitMode;
import io.waxwing.operators.JoinInsertMode;
import io.waxwing.operators.StatefulLogic;
import io.waxwing.windowing.Clock;
import io.waxwing.windowing.SideValue;
import io.waxwing.windowing.WindowLogic;
import io.waxwing.windowing.WindowOut;
import io.waxwing.windowing.Windowed;
import io.waxwing.windowing.Windower;
import io.waxwing.windowing.internal.JoinWindowLogic;
import io.waxwing.windowing.internal.SideValueClock;
import io.waxwing.windowing.internal.WindowEvent;
import io.waxwing.windowing.internal.WindowKeyLogic;
import io.waxwing.windowing.internal.WindowSnapshot;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Adds the steps of {@link KeyedStream}'s window operators (Bytewax's
 * {@code bytewax.operators.windowing}). Each operator is one composite step: a stateful step
 * ({@code stateful}) running {@link WindowKeyLogic} per key, whose tagged events are split into
 * the down, late and meta streams ({@code down}, {@code late}, {@code meta}), all nested under the
 * operator's step id. A window join first tags each side's values ({@link JoinSteps#tagSides}) and
 * merges them ({@code side_0}, …, {@code merge}).
 */
final class WindowSteps {
    private WindowSteps() {
    }

    /** {@link KeyedStream#window(String, Clock, Windower, Function, boolean)}. */
    static <V, W, S> WindowOut<V, W> window(KeyedStream<V> stream, String stepId, Clock<? super V, ?> clock,
            Windower<?> windower, Function<? super S, ? extends WindowLogic<V, W, S>> builder, boolean ordered) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(windower, "windower");
        Objects.requireNonNull(builder, "builder");
        Function<WindowSnapshot, StatefulLogic<V, WindowEvent, WindowSnapshot>> logics =
                WindowKeyLogic.factory(clock, windower, builder, ordered);
        return windowSteps(stream.flow, stepId, id -> stream.port,
                resume -> Stream.cast(logics.apply(Stream.cast(resume))), null);
    }

    /**
     * A window join of {@code sides} (the first is the stream {@code joinWindow} was called on);
     * {@code row}, when given, converts each emitted row.
     */
    static <W> WindowOut<SideValue, W> joinWindow(String stepId, Clock<?, ?> clock, Windower<?> windower,
            JoinInsertMode insertMode, JoinEmitMode emitMode, boolean ordered, List<KeyedStream<?>> sides,
            Function<Object, Object> row) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(windower, "windower");
        Objects.requireNonNull(insertMode, "insertMode");
        Objects.requireNonNull(emitMode, "emitMode");
        KeyedStream<?> first = sides.get(0);
        for (KeyedStream<?> side : sides) {
            first.sameFlow(side, stepId);
        }
        Dataflow flow = first.flow;
        int n = sides.size();
        Clock<SideValue, ?> sideClock = SideValueClock.of(clock);
        Function<List<List<Object>>, JoinWindowLogic> builder =
                resume -> new JoinWindowLogic(n, insertMode, emitMode, resume);
        Function<String, Port> input = id -> {
            List<Port> tagged = JoinSteps.tagSides(flow, id, sides);
            return new Port(flow.addNested(id, "merge", mid -> new Step.Merge(mid, List.copyOf(tagged))), 0);
        };
        return windowSteps(flow, stepId, input, resume -> Stream.cast(
                WindowKeyLogic.build(sideClock, windower, builder, ordered, Stream.cast(resume))), row);
    }

    /**
     * Adds a window operator's steps under {@code stepId}: the stateful step running the per-key
     * state machine, then one stream per kind of event it emits. {@code downValue}, when given,
     * converts the values of the down stream.
     */
    private static <I, W> WindowOut<I, W> windowSteps(Dataflow flow, String stepId, Function<String, Port> input,
            KeyedLogicFactory logic, Function<Object, Object> downValue) {
        String[] fullId = new String[1];
        Step events = flow.addStep(stepId, id -> {
            fullId[0] = id;
            return new Step.Stateful(id + ".stateful", input.apply(id), logic);
        });
        return new WindowOut<>(
                windowEvents(flow, fullId[0], "down", events, WindowEvent.Kind.DOWN, downValue),
                windowEvents(flow, fullId[0], "late", events, WindowEvent.Kind.LATE, null),
                windowEvents(flow, fullId[0], "meta", events, WindowEvent.Kind.META, null));
    }

    private static <T> KeyedStream<Windowed<T>> windowEvents(Dataflow flow, String parentId, String childId,
            Step events, WindowEvent.Kind kind, Function<Object, Object> mapValue) {
        Step step = flow.addNested(parentId, childId, id -> new Step.Transform(id, new Port(events, 0),
                ctx -> (ItemOp.Pure) (item, out) -> {
                    KV<?> kv = Stream.cast(item);
                    WindowEvent event = Stream.cast(kv.value());
                    if (event.isFor(kind)) {
                        Windowed<?> w = event.itemFor(kind);
                        out.push(new KV<>(kv.key(), mapValue == null ? w
                                : new Windowed<>(w.windowId(), mapValue.apply(w.value()))));
                    }
                }, false));
        return new KeyedStream<>(flow, new Port(step, 0));
    }
}
