package io.waxwing.internal.graph;

/** Builds a step's {@link ItemOp} for one worker. */
@FunctionalInterface
public interface ItemOpFactory {
    ItemOp create(OpContext context);
}
