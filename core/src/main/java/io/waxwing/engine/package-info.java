/**
 * The per-worker execution engine: compiles a dataflow's logical graph into a physical plan of
 * fused pipes, exchange points and stateful nodes, and runs it in bounded activations. Internal:
 * not part of the public API. Knows nothing of Pekko, threads or networks — it is driven by
 * {@code runMain}'s loop or by a worker actor, and talks to other workers only through
 * {@link io.waxwing.engine.Exchange}. Its drivers that need no Pekko live here too:
 * {@link io.waxwing.engine.SingleWorkerRun} ({@code runMain}'s loop) and the
 * {@link io.waxwing.engine.EngineGroup} test kit (several engines in one thread); with them the
 * global {@link io.waxwing.engine.CommitRule}, shared with the cluster's coordinator, and
 * {@link io.waxwing.engine.DataflowPlan}, the dataflow checked once per execution.
 * Writes snapshots through its recovery SPI, {@code io.waxwing.engine.recovery}.
 *
 * <p>Depends on the dataflow it runs ({@code dataflow}, {@code inputs}, {@code outputs},
 * {@code operators}, {@code errors}, {@code io.waxwing.internal.graph}), its recovery SPI and
 * {@code io.waxwing.internal.time} (the batch's system time it hands stateful logics) and
 * {@code io.waxwing.internal.prefetch} (what it has their logics read ahead of a call); never on
 * Pekko, connectors or the testing helpers ({@code CoreArchitectureTest}).
 */
package io.waxwing.engine;
