package io.waxwing.engine;

/**
 * How an engine reaches other workers. Implementations must keep per-(sender, receiver) order and
 * must not block; delivery to the receiver is {@link WorkerEngine#deliver(Envelope)} on the
 * receiver's own thread.
 */
@FunctionalInterface
public interface Exchange {
    void send(int toWorker, Envelope envelope);
}
