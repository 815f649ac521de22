package io.waxwing.run.internal;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.engine.WorkerEngine;
import io.waxwing.internal.graph.GraphAccess;

/** Checks a dataflow before anything is opened or started for it. */
public final class GraphValidation {
    private GraphValidation() {
    }

    /** @throws IllegalArgumentException when the dataflow cannot run (no input, no output) */
    public static void validate(Dataflow flow) {
        WorkerEngine.validate(flow, GraphAccess.of(flow).steps());
    }
}
