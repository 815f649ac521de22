package io.waxwing.dataflow;

import io.waxwing.internal.graph.Emit;
import io.waxwing.internal.graph.KeyedLogic;
import io.waxwing.operators.StatefulLogic;
import java.time.Instant;

/** Presents a user's {@link StatefulLogic} to the engine. */
final class LogicAdapter implements KeyedLogic {
    private final StatefulLogic<Object, Object, Object> logic;

    LogicAdapter(StatefulLogic<Object, Object, Object> logic) {
        if (logic == null) {
            throw new NullPointerException("the stateful builder returned null instead of a StatefulLogic");
        }
        this.logic = logic;
    }

    @Override
    public boolean onItem(Object value, Emit out) {
        return logic.onItem(value, out);
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
