package io.waxwing.inputs;

/**
 * Where a dataflow's items come from: either a {@link FixedPartitionedSource} (a fixed set of named,
 * resumable partitions spread over the workers) or a {@link DynamicSource} (one stateless partition
 * per worker). Pass one to {@link io.waxwing.dataflow.Dataflow#input}.
 *
 * @param <T> the type of the items it emits
 */
public sealed interface Source<T> permits FixedPartitionedSource, DynamicSource {
}
