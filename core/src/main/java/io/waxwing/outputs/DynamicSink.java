package io.waxwing.outputs;

/**
 * A sink with one stateless partition on every worker; each worker writes the items it holds,
 * without moving them. Output is at-least-once after a resume.
 *
 * <pre>{@code
 * DynamicSink<String> log = (stepId, worker, workers) -> batch -> batch.forEach(LOG::info);
 * }</pre>
 *
 * @param <T> item type
 */
@FunctionalInterface
public non-sealed interface DynamicSink<T> extends Sink<T> {

    /** Builds this worker's partition. */
    StatelessSinkPartition<T> build(String stepId, int workerIndex, int workerCount);
}
