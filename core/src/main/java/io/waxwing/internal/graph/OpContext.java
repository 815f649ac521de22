package io.waxwing.internal.graph;

/** What a per-worker operator instance may ask of the engine while it runs. */
public interface OpContext {
    /** This worker's global index. */
    int workerIndex();

    /** The number of workers in the execution. */
    int workerCount();

    /** The epoch of the items flowing through the operator now. */
    long epoch();
}
