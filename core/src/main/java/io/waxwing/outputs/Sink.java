package io.waxwing.outputs;

/**
 * Where a dataflow's items go: a {@link FixedPartitionedSink} (named, resumable partitions that
 * receive items by key) or a {@link DynamicSink} (one stateless partition per worker). Pass one to
 * {@link io.waxwing.dataflow.Stream#output}.
 *
 * @param <T> the type of the items it accepts
 */
public sealed interface Sink<T> permits FixedPartitionedSink, DynamicSink {
}
