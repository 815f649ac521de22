package io.waxwing.windowing.internal;

import io.waxwing.internal.join.JoinRows;
import io.waxwing.operators.JoinEmitMode;
import io.waxwing.operators.JoinInsertMode;
import io.waxwing.windowing.SideValue;
import io.waxwing.windowing.WindowLogic;
import java.util.List;
import java.util.function.Consumer;

/**
 * The window logic of {@code joinWindow}: the values seen per side in one window, emitted as rows
 * (the cross product of the sides, {@code null} for a side without a value) as the emit mode says.
 * Its snapshot is the list of values per side.
 *
 * <pre>{@code
 * new JoinWindowLogic(2, JoinInsertMode.LAST, JoinEmitMode.FINAL, null);   // a new window of a 2-way join
 * }</pre>
 */
public final class JoinWindowLogic implements WindowLogic<SideValue, List<Object>, List<List<Object>>> {
    private final JoinInsertMode insertMode;
    private final JoinEmitMode emitMode;
    private List<List<Object>> seen;

    public JoinWindowLogic(int sides, JoinInsertMode insertMode, JoinEmitMode emitMode, List<List<Object>> resume) {
        this.insertMode = insertMode;
        this.emitMode = emitMode;
        this.seen = JoinRows.sides(sides, resume);
    }

    @Override
    public void onValue(SideValue value, Consumer<? super List<Object>> emit) {
        JoinRows.insert(seen.get(value.side()), value.value(), insertMode);
        checkEmit(emit);
    }

    @Override
    public void onMerge(WindowLogic<SideValue, List<Object>, List<List<Object>>> original,
            Consumer<? super List<Object>> emit) {
        // This window is the earlier one: FIRST keeps its values, LAST prefers the original's.
        List<List<Object>> other = original.snapshot();
        for (int i = 0; i < seen.size(); i++) {
            List<Object> mine = seen.get(i);
            List<Object> theirs = other.get(i);
            switch (insertMode) {
                case FIRST -> {
                    if (mine.isEmpty()) {
                        mine.addAll(theirs);
                    }
                }
                case LAST -> {
                    if (!theirs.isEmpty()) {
                        mine.clear();
                        mine.addAll(theirs);
                    }
                }
                case PRODUCT -> mine.addAll(theirs);
            }
        }
        checkEmit(emit);
    }

    private void checkEmit(Consumer<? super List<Object>> emit) {
        switch (emitMode) {
            case COMPLETE -> {
                if (seen.stream().noneMatch(List::isEmpty)) {
                    emitRows(emit);
                    seen.forEach(List::clear);
                }
            }
            case RUNNING -> emitRows(emit);
            case FINAL -> {
            }
        }
    }

    @Override
    public void onClose(Consumer<? super List<Object>> emit) {
        if (emitMode == JoinEmitMode.FINAL) {
            emitRows(emit);
        }
    }

    private void emitRows(Consumer<? super List<Object>> emit) {
        JoinRows.emitProduct(seen, emit);
    }

    @Override
    public List<List<Object>> snapshot() {
        return JoinRows.copy(seen);
    }
}
