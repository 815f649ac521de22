package io.waxwing.dataflow;

import io.waxwing.internal.graph.Emit;
import io.waxwing.internal.graph.KeyedLogic;
import io.waxwing.internal.graph.KeyedLogicFactory;
import io.waxwing.operators.StatefulBatchLogic;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/** Presents a user's {@link StatefulBatchLogic} to the engine, which then hands it whole batches. */
final class BatchLogicAdapter implements KeyedLogic {
    private final StatefulBatchLogic<Object, Object, Object> logic;

    private BatchLogicAdapter(StatefulBatchLogic<Object, Object, Object> logic) {
        if (logic == null) {
            throw new NullPointerException("the statefulBatch builder returned null instead of a StatefulBatchLogic");
        }
        this.logic = logic;
    }

    /** The engine's factory for {@code builder}'s logics: batched. */
    static <S> KeyedLogicFactory factory(Function<? super S, ? extends StatefulBatchLogic<?, ?, S>> builder) {
        return new KeyedLogicFactory() {
            @Override
            public KeyedLogic build(Object resume) {
                return new BatchLogicAdapter(Stream.cast(builder.apply(Stream.cast(resume))));
            }

            @Override
            public boolean batched() {
                return true;
            }
        };
    }

    @Override
    public boolean onItem(Object value, Emit out) {
        return logic.onBatch(Collections.singletonList(value), out);
    }

    @Override
    public boolean onBatch(List<Object> values, Emit out) {
        return logic.onBatch(values, out);
    }

    @Override
    public boolean onNotify(Emit out) {
        return logic.onNotify(out);
    }

    @Override
    public boolean onEof(Emit out) {
        return logic.onEof(out);
    }

    @Override
    public Instant notifyAt() {
        return logic.notifyAt();
    }

    @Override
    public Object snapshot() {
        return logic.snapshot();
    }
}
