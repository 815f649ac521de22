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

    /** A duration a step records once per batch (or per event), in nanoseconds. */
    @FunctionalInterface
    interface DurationRecorder {
        /** Records nothing; the engine does not even read the clock for it. */
        DurationRecorder NONE = nanos -> {
        };

        void record(long nanos);
    }

    /** What a {@link #batchDuration} times: user code over one batch. */
    enum Timed {
        /** A source partition's {@code nextBatch()}. */
        INPUT_NEXT_BATCH,
        /** A dynamic sink partition's {@code writeBatch()}. */
        SINK_WRITE_BATCH,
        /** A stateful step's logic over one batch from an exchange, with what is fused after it. */
        STATEFUL_BATCH
    }

    /** The recorder of {@code what} for step {@code stepId} on worker {@code worker}. */
    default DurationRecorder batchDuration(Timed what, String stepId, int worker) {
        return DurationRecorder.NONE;
    }

    /** The recorder of the time worker {@code worker} did not read its inputs for lack of credit. */
    default DurationRecorder creditWait(int worker) {
        return DurationRecorder.NONE;
    }

    /**
     * Worker {@code worker}'s snapshots of one epoch are durable: taking them (on the worker's
     * thread) took {@code takeNanos}, and they were durable {@code durableNanos} after the write began.
     */
    default void snapshotStored(int worker, long takeNanos, long durableNanos) {
    }

    /** Worker {@code worker} sent a frame of {@code bytes} to a worker in another process. */
    default void frameSent(int worker, int bytes) {
    }

    /** Worker {@code worker} received a frame of {@code bytes} from a worker in another process. */
    default void frameReceived(int worker, int bytes) {
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
