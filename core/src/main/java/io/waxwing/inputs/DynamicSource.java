package io.waxwing.inputs;

/**
 * A source that builds one stateless partition on every worker, for inputs that cannot be replayed
 * (a socket, a generator). Nothing of it is snapshotted; after a resume it simply starts again.
 *
 * <pre>{@code
 * DynamicSource<Long> ticks = (stepId, worker, workers) -> new StatelessSourcePartition<>() {
 *     long n = worker;
 *     public List<Long> nextBatch() { long v = n; n += workers; return v < 100 ? List.of(v) : null; }
 * };
 * }</pre>
 *
 * @param <T> item type
 */
@FunctionalInterface
public non-sealed interface DynamicSource<T> extends Source<T> {

    /**
     * Builds this worker's partition.
     *
     * @param stepId      the full id of the input step
     * @param workerIndex this worker's global index
     * @param workerCount the number of workers in the execution
     */
    StatelessSourcePartition<T> build(String stepId, int workerIndex, int workerCount);
}
