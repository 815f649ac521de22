package io.waxwing.internal.join;

import io.waxwing.operators.JoinInsertMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** The rows of a join: what {@code join} and {@code joinWindow} share. Internal. */
public final class JoinRows {
    private JoinRows() {
    }

    /** Empty value lists for {@code sides} sides, or a copy of {@code resume}'s. */
    public static List<List<Object>> sides(int sides, List<List<Object>> resume) {
        List<List<Object>> seen = new ArrayList<>(sides);
        for (int i = 0; i < sides; i++) {
            seen.add(new ArrayList<>(resume == null ? List.of() : resume.get(i)));
        }
        return seen;
    }

    /** Records {@code value} on its side as the insert mode says. */
    public static void insert(List<Object> values, Object value, JoinInsertMode mode) {
        switch (mode) {
            case FIRST -> {
                if (values.isEmpty()) {
                    values.add(value);
                }
            }
            case LAST -> {
                values.clear();
                values.add(value);
            }
            case PRODUCT -> values.add(value);
        }
    }

    /**
     * Emits the cross product of the sides' values, one row per combination, a side without a
     * value counting as one {@code null}.
     */
    public static void emitProduct(List<List<Object>> sides, Consumer<? super List<Object>> emit) {
        product(sides, 0, new Object[sides.size()], emit);
    }

    private static void product(List<List<Object>> sides, int side, Object[] row, Consumer<? super List<Object>> emit) {
        if (side == row.length) {
            emit.accept(Collections.unmodifiableList(Arrays.asList(row.clone())));
            return;
        }
        List<Object> values = sides.get(side);
        if (values.isEmpty()) {
            row[side] = null;
            product(sides, side + 1, row, emit);
        } else {
            for (Object v : values) {
                row[side] = v;
                product(sides, side + 1, row, emit);
            }
        }
    }

    /** A deep copy of the sides' values, for a snapshot. */
    public static List<List<Object>> copy(List<List<Object>> sides) {
        List<List<Object>> copy = new ArrayList<>(sides.size());
        for (List<Object> values : sides) {
            copy.add(new ArrayList<>(values));
        }
        return copy;
    }
}
