/**
 * The logical graph a {@link io.waxwing.dataflow.Dataflow} builds: a list of primitive steps in
 * the order they were added (always topological). Internal: users never see these types; the
 * engine compiles them into a per-worker plan. Depends only on {@code io.waxwing.dataflow},
 * {@code io.waxwing.inputs}, {@code io.waxwing.outputs}, {@code io.waxwing.operators} (a stateful
 * step's logics are the users' own, called by the engine directly) and {@code io.waxwing.errors}.
 */
package io.waxwing.internal.graph;
