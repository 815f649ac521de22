/**
 * The entry points that run a dataflow: {@link io.waxwing.run.Execution} ({@code runMain},
 * {@code cliMain}, {@code clusterMain}, {@code requestStop}) and {@link io.waxwing.run.Visualization}
 * (a dataflow's graph, without running it). Public.
 *
 * <p>Depends only on the public API ({@code io.waxwing.dataflow}, {@code io.waxwing.recovery},
 * {@code io.waxwing.errors}), the engine, the recovery store's runtime facade
 * ({@code io.waxwing.recovery.runtime}) and {@code io.waxwing.run.internal}; its public signatures
 * show no engine or internal type ({@code ClusterArchitectureTest}).
 */
package io.waxwing.run;
