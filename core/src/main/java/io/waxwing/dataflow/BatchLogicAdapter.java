package io.waxwing.dataflow;

import io.waxwing.internal.graph.BatchedLogic;
import io.waxwing.internal.graph.KeyedLogicFactory;
import io.waxwing.operators.StatefulBatchLogic;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/** Presents a user's {@link StatefulBatchLogic} to the engine, which then hands it whole batches. */
final class BatchLogicAdapter implements BatchedLogic {
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
            public BatchedLogic build(Object resume) {
                return new BatchLogicAdapter(Stream.cast(builder.apply(Stream.cast(resume))));
            }

            @Override
            public boolean batched() {
                return true;
            }
        };
    }

    @Override
    public boolean onItem(Object value, Consumer<? super Object> out) {
        return logic.onBatch(Collections.singletonList(value), out);
    }

    @Override
    public boolean onBatch(List<Object> values, Consumer<Object> out) {
        return logic.onBatch(values, out);
    }

    @Override
    public boolean onNotify(Consumer<? super Object> out) {
        return logic.onNotify(out);
    }

    @Override
    public boolean onEof(Consumer<? super Object> out) {
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
