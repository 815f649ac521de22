package io.waxwing.windowing.internal;

import java.util.Arrays;

/**
 * The open windows' logics of one key by window id: a few entries in id order, in two arrays, so
 * that finding a window's logic boxes no {@code Long} and hashes nothing. Windows are mostly opened
 * in id order and closed from the lowest, so the arrays are searched from their end.
 *
 * <pre>{@code
 * WindowTable<Sum> table = new WindowTable<>();
 * table.put(3, new Sum());
 * Sum s = table.get(3);
 * }</pre>
 *
 * @param <L> the logic type
 */
final class WindowTable<L> {
    private long[] ids = new long[4];
    private Object[] logics = new Object[4];
    private int size;

    /** The index of {@code id}, or {@code -(insertion point) - 1}. */
    int indexOf(long id) {
        if (size > 0 && ids[size - 1] == id) {
            return size - 1;
        }
        return Arrays.binarySearch(ids, 0, size, id);
    }

    @SuppressWarnings("unchecked")
    L get(long id) {
        int i = indexOf(id);
        return i < 0 ? null : (L) logics[i];
    }

    void put(long id, L logic) {
        int i = indexOf(id);
        if (i >= 0) {
            logics[i] = logic;
            return;
        }
        insertAt(-i - 1, id, logic);
    }

    /** Inserts {@code id} at {@code i}, the insertion point {@link #indexOf} gave for it. */
    void insertAt(int i, long id, L logic) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            logics = Arrays.copyOf(logics, size * 2);
        }
        System.arraycopy(ids, i, ids, i + 1, size - i);
        System.arraycopy(logics, i, logics, i + 1, size - i);
        ids[i] = id;
        logics[i] = logic;
        size++;
    }

    L remove(long id) {
        int i = indexOf(id);
        return i < 0 ? null : removeAt(i);
    }

    /** Removes the entry at {@code i} (an index {@link #indexOf} gave) and returns its logic. */
    @SuppressWarnings("unchecked")
    L removeAt(int i) {
        L logic = (L) logics[i];
        System.arraycopy(ids, i + 1, ids, i, size - i - 1);
        System.arraycopy(logics, i + 1, logics, i, size - i - 1);
        size--;
        logics[size] = null;
        return logic;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void setAt(int index, L logic) {
        logics[index] = logic;
    }

    long idAt(int index) {
        return ids[index];
    }

    @SuppressWarnings("unchecked")
    L logicAt(int index) {
        return (L) logics[index];
    }
}
