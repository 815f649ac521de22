/**
 * The public Dataflow API: {@link io.waxwing.dataflow.Dataflow}, {@link io.waxwing.dataflow.Stream},
 * {@link io.waxwing.dataflow.KeyedStream} (whose window operators are declared in
 * {@link io.waxwing.dataflow.KeyedWindowOperators}) and their item types. The operators' insides
 * are package-private: {@code KeyedLogics} (the per-key logics of the stateful operators),
 * {@code JoinSteps} and {@code WindowSteps} (the steps a join or a window operator adds). Depends
 * only on the public packages ({@code inputs}, {@code outputs}, {@code operators}, {@code windowing},
 * {@code errors}) and on the internals it builds on ({@code io.waxwing.internal.graph},
 * {@code io.waxwing.internal.join}, {@code io.waxwing.windowing.internal}), whose types never appear in
 * its public signatures; never on {@code io.waxwing.engine}. Checked by {@code CoreArchitectureTest}.
 */
package io.waxwing.dataflow;
