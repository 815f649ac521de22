package io.waxwing.operators;

/**
 * How a join keeps the values of each side, per key (Bytewax's {@code insert_mode}).
 */
public enum JoinInsertMode {
    /** Keep the first value seen on each side. */
    FIRST,
    /** Keep the latest value seen on each side. */
    LAST,
    /** Keep every value seen on each side; rows are their cross product. */
    PRODUCT
}
