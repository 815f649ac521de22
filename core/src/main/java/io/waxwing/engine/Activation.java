package io.waxwing.engine;

/** What a worker's driver should do after {@link WorkerEngine#activate()}. */
public enum Activation {
    /** There is more work now: activate again soon (after handling messages, if any). */
    READY,
    /** Nothing to do until {@link WorkerEngine#nextWake()} or until a message arrives. */
    IDLE,
    /** Every input has ended and everything is stored: the worker is finished. */
    DONE
}
