package io.waxwing.operators;

/**
 * When a join emits rows, per key (Bytewax's {@code emit_mode}).
 */
public enum JoinEmitMode {
    /** As soon as every side has a value; then the key's state is discarded. */
    COMPLETE,
    /** Once, at end of input, with {@code null} for sides that never had a value. */
    FINAL,
    /** After every value, with {@code null} for sides that have none yet. */
    RUNNING
}
