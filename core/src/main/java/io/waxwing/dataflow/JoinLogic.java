package io.waxwing.dataflow;

import io.waxwing.internal.join.JoinRows;
import io.waxwing.operators.JoinEmitMode;
import io.waxwing.operators.JoinInsertMode;
import io.waxwing.operators.StatefulLogic;
import io.waxwing.windowing.SideValue;
import java.util.List;
import java.util.function.Consumer;

/**
 * The per-key logic of {@link KeyedStream#join}: what each side has seen, and when to emit rows.
 * Its values come tagged with their side ({@link SideValue}); its snapshot is the list of values per
 * side.
 */
final class JoinLogic implements StatefulLogic<SideValue, List<Object>, List<List<Object>>> {

    private final JoinInsertMode insertMode;
    private final JoinEmitMode emitMode;
    private final List<List<Object>> seen;

    JoinLogic(int sides, JoinInsertMode insertMode, JoinEmitMode emitMode, List<List<Object>> resume) {
        this.insertMode = insertMode;
        this.emitMode = emitMode;
        this.seen = JoinRows.sides(sides, resume);
    }

    @Override
    public boolean onItem(SideValue tagged, Consumer<? super List<Object>> emit) {
        JoinRows.insert(seen.get(tagged.side()), tagged.value(), insertMode);
        switch (emitMode) {
            case COMPLETE -> {
                if (seen.stream().noneMatch(List::isEmpty)) {
                    emitRows(emit);
                    return DISCARD;
                }
            }
            case RUNNING -> emitRows(emit);
            case FINAL -> {
            }
        }
        return RETAIN;
    }

    @Override
    public boolean onEof(Consumer<? super List<Object>> emit) {
        if (emitMode == JoinEmitMode.FINAL) {
            emitRows(emit);
        }
        return DISCARD;
    }

    /** Emits the cross product of the sides, a side with no value counting as one {@code null}. */
    private void emitRows(Consumer<? super List<Object>> emit) {
        JoinRows.emitProduct(seen, emit);
    }

    @Override
    public List<List<Object>> snapshot() {
        return JoinRows.copy(seen);
    }
}
