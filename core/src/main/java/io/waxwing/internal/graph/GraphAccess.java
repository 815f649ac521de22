package io.waxwing.internal.graph;

import io.waxwing.dataflow.Dataflow;
import java.util.function.Function;

/**
 * Hands the engine a dataflow's {@link LogicalGraph} without making it part of {@link Dataflow}'s
 * public API. {@code Dataflow} registers the accessor when its class initialises.
 */
public final class GraphAccess {
    private static volatile Function<Dataflow, LogicalGraph> accessor;

    private GraphAccess() {
    }

    public static void register(Function<Dataflow, LogicalGraph> graphOf) {
        accessor = graphOf;
    }

    /** The graph {@code flow} has built so far. */
    public static LogicalGraph of(Dataflow flow) {
        return accessor.apply(flow);
    }
}
