package io.waxwing.dataflow;

import io.waxwing.internal.graph.Port;
import io.waxwing.internal.graph.Step;
import io.waxwing.operators.JoinEmitMode;
import io.waxwing.operators.JoinInsertMode;
import io.waxwing.operators.Joined;
import io.waxwing.windowing.SideValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Adds the steps of {@link KeyedStream#join}: each side's values tagged with their side
 * ({@link SideValue}, the one tagging type of joins and window joins), the sides merged, then
 * {@link JoinLogic} per key; all nested under the operator's step id.
 */
final class JoinSteps {
    private JoinSteps() {
    }

    /**
     * One step per side under {@code parentId} ({@code side_0}, {@code side_1}, …) wrapping each
     * value in a {@link SideValue} of its side, keeping its key.
     */
    static List<Port> tagSides(Dataflow flow, String parentId, List<KeyedStream<?>> sides) {
        List<Port> tagged = new ArrayList<>();
        for (int i = 0; i < sides.size(); i++) {
            int side = i;
            Step tag = flow.addNested(parentId, "side_" + i, sid -> new Step.Transform(sid, sides.get(side).port,
                    ctx -> (item, out) -> {
                        KV<?> kv = Stream.cast(item);
                        out.push(new KV<>(kv.key(), new SideValue(side, kv.value())));
                    }, false));
            tagged.add(new Port(tag, 0));
        }
        return tagged;
    }

    /** {@link KeyedStream#join(String, JoinInsertMode, JoinEmitMode, KeyedStream...)}: rows as lists. */
    static KeyedStream<List<Object>> join(KeyedStream<?> first, String stepId, JoinInsertMode insertMode,
            JoinEmitMode emitMode, KeyedStream<?>... others) {
        Objects.requireNonNull(insertMode, "insertMode");
        Objects.requireNonNull(emitMode, "emitMode");
        Dataflow flow = first.flow;
        List<KeyedStream<?>> sides = new ArrayList<>();
        sides.add(first);
        for (KeyedStream<?> other : others) {
            sides.add(first.sameFlow(other, stepId));
        }
        int n = sides.size();
        // The composite's own id is reserved first; its parts are nested below it.
        String[] fullId = new String[1];
        Step merge = flow.addStep(stepId, id -> {
            fullId[0] = id;
            return new Step.Merge(id + ".merge", List.copyOf(tagSides(flow, id, sides)));
        });
        Step join = flow.addNested(fullId[0], "join", id -> new Step.Stateful(id, new Port(merge, 0),
                resume -> Stream.cast(new JoinLogic(n, insertMode, emitMode, Stream.cast(resume)))));
        return new KeyedStream<>(flow, new Port(join, 0));
    }

    /** {@link KeyedStream#join(String, KeyedStream, JoinInsertMode, JoinEmitMode)}: rows as {@link Joined}. */
    static <V, U> KeyedStream<Joined<V, U>> join(KeyedStream<V> left, String stepId, KeyedStream<U> right,
            JoinInsertMode insertMode, JoinEmitMode emitMode) {
        Objects.requireNonNull(right, "other");
        KeyedStream<List<Object>> rows = join(left, stepId, insertMode, emitMode, right);
        Dataflow flow = left.flow;
        Step step = flow.addNested(rows.stepId().substring(0, rows.stepId().lastIndexOf('.')), "typed",
                id -> new Step.Transform(id, rows.port, ctx -> (item, out) -> {
                    KV<List<Object>> kv = Stream.cast(item);
                    out.push(new KV<>(kv.key(), new Joined<V, U>(Stream.cast(kv.value().get(0)),
                            Stream.cast(kv.value().get(1)))));
                }, false));
        return new KeyedStream<>(flow, new Port(step, 0));
    }
}
