package io.waxwing.inputs;

import java.util.List;

/**
 * A source with a fixed set of named partitions, each of which can snapshot its position and
 * resume from it. Partitions are spread over all workers deterministically (partition {@code i} of
 * {@link #listParts()} goes to worker {@code i % workerCount}); each worker builds only its own.
 * This is what makes a source exactly-once on resume.
 *
 * <pre>{@code
 * class Lines implements FixedPartitionedSource<String, Long> {
 *     public List<String> listParts() { return List.of("a.txt", "b.txt"); }
 *     public StatefulSourcePartition<String, Long> buildPart(String stepId, String part, Long offset) {
 *         return new LinePartition(Path.of(part), offset == null ? 0 : offset);
 *     }
 * }
 * }</pre>
 *
 * @param <T> item type
 * @param <S> partition snapshot type
 */
public non-sealed interface FixedPartitionedSource<T, S> extends Source<T> {

    /** The names of every partition. Must return the same list on every worker and process. */
    List<String> listParts();

    /**
     * Builds the partition {@code forPart} on this worker.
     *
     * @param stepId      the full id of the input step
     * @param forPart     one of {@link #listParts()}
     * @param resumeState the partition's snapshot from the last committed epoch, or {@code null}
     *                    when it starts fresh
     */
    StatefulSourcePartition<T, S> buildPart(String stepId, String forPart, S resumeState);
}
