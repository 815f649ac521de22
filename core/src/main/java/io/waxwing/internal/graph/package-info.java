/**
 * The logical graph a {@link io.waxwing.dataflow.Dataflow} builds: a list of primitive steps in
 * the order they were added (always topological). Internal: users never see these types; the
 * engine compiles them into a per-worker plan. Depends only on {@code io.waxwing.dataflow}, {@code io.waxwing.inputs}, {@code io.waxwing.outputs} and
 * {@code io.waxwing.errors}.
 */
package io.waxwing.internal.graph;
