package io.waxwing.internal.graph;

/**
 * A stateless per-item operator: the unit the engine fuses into chains. One instance per worker,
 * built by {@link ItemOpFactory}. Exceptions it throws are attributed to its step.
 */
@FunctionalInterface
public interface ItemOp {
    void apply(Object item, Emit out) throws Exception;

    /**
     * An op whose only effect is what it emits: the engine skips it where nothing reads its output.
     * (A user's function may have other effects, so user ops are never this.)
     */
    @FunctionalInterface
    interface Pure extends ItemOp {
    }
}
