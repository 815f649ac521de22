/**
 * The public Dataflow API: {@link io.waxwing.dataflow.Dataflow}, {@link io.waxwing.dataflow.Stream},
 * {@link io.waxwing.dataflow.KeyedStream} and their item types. Depends only on the public packages
 * ({@code inputs}, {@code outputs}, {@code operators}, {@code windowing}, {@code errors}) and on the
 * internals it builds on ({@code io.waxwing.internal.graph}, {@code io.waxwing.internal.join},
 * {@code io.waxwing.windowing.internal}), whose types never appear in its public signatures; never on
 * {@code io.waxwing.engine}. Checked by {@code CoreArchitectureTest}.
 */
package io.waxwing.dataflow;
