package io.waxwing.engine;

/**
 * What an execution reports for monitoring: items per step, counted once per batch (never per
 * item, so that a fused chain's inner loop carries no counting), epochs per worker, commits and
 * the end. Implemented outside {@code core} (the cluster module exports it to Prometheus); the
 * engine and its drivers only call it. Every method may be called from any worker's thread, so
 * implementations must be thread-safe; they must be cheap and never block.
 */
public interface EngineMetrics {

    /** Reports nothing. */
    EngineMetrics NONE = new EngineMetrics() {
    };

    /** A count a step adds to once per batch. */
    @FunctionalInterface
    interface BatchCounter {
        /** Counts nothing. */
        BatchCounter NONE = n -> {
        };

        /** Adds the {@code n} items of one batch. */
        void add(int n);
    }

    /** The counter of items step {@code stepId} takes in on worker {@code worker}. */
    default BatchCounter itemsIn(String stepId, int worker) {
        return BatchCounter.NONE;
    }

    /** The counter of items step {@code stepId} emits on worker {@code worker}. */
    default BatchCounter itemsOut(String stepId, int worker) {
        return BatchCounter.NONE;
    }

    /** Worker {@code worker} has compiled its plan and loaded its resume state; it starts at {@code epoch}. */
    default void workerStarted(int worker, long epoch) {
    }

    /** Worker {@code worker}'s inputs now read into {@code epoch}. */
    default void epochOpened(int worker, long epoch) {
    }

    /** Epoch {@code epoch} is committed; recording the commit took {@code nanos}. */
    default void committed(long epoch, long nanos) {
    }

    /** This process's part of the execution ended: normally, or {@code failed}. */
    default void ended(boolean failed) {
    }
}
