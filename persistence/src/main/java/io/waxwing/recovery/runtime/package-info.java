/**
 * The recovery store as the execution runtime (the cluster module) uses it — the narrow facade
 * over {@code io.waxwing.recovery.internal}: {@link io.waxwing.recovery.runtime.WholeStore} (every
 * partition opened by one process) and {@link io.waxwing.recovery.runtime.ProcessShare} (one
 * process's share of partitions spread over a cluster: open, report, agree, resume, commit). Not
 * user API: users call {@link io.waxwing.recovery.Recovery}.
 *
 * <p>Depends only on {@code io.waxwing.recovery}, {@code io.waxwing.recovery.internal}, the engine's
 * recovery SPI and Pekko; never on the cluster or the launcher.
 */
package io.waxwing.recovery.runtime;
