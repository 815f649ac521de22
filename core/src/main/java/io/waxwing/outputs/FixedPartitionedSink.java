package io.waxwing.outputs;

import io.waxwing.dataflow.KV;
import java.util.List;

/**
 * A sink with a fixed set of named partitions, each of which snapshots its state at every epoch
 * and resumes from it, which is what makes a sink exactly-once. Items are keyed: the item's key
 * picks the partition with {@link #partFor(String, int)}; the partition then lives on one worker
 * (partition {@code i} on worker {@code i % workerCount}), and items move there.
 *
 * <pre>{@code
 * class Files implements FixedPartitionedSink<String, Long> {
 *     public List<String> listParts() { return List.of("a.txt", "b.txt"); }
 *     public StatefulSinkPartition<String, Long> buildPart(String stepId, String part, Long offset) {
 *         return new FilePartition(Path.of(part), offset);
 *     }
 * }
 * }</pre>
 *
 * @param <V> value type of the keyed items
 * @param <S> partition snapshot type
 */
public non-sealed interface FixedPartitionedSink<V, S> extends Sink<KV<V>> {

    /** The names of every partition. Must return the same list on every worker and process. */
    List<String> listParts();

    /**
     * The index into {@link #listParts()} of the partition that receives items with this key.
     * Defaults to a hash of the key that is the same in every JVM.
     */
    default int partFor(String itemKey, int partCount) {
        return io.waxwing.dataflow.KeyHash.route(itemKey, partCount);
    }

    /**
     * Builds the partition {@code forPart} on this worker.
     *
     * @param resumeState its snapshot from the last committed epoch, or {@code null}
     */
    StatefulSinkPartition<V, S> buildPart(String stepId, String forPart, S resumeState);
}
