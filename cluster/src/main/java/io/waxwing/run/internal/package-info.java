/**
 * The actor runtime (not API): one ActorSystem per process, whose guardian
 * ({@link io.waxwing.run.internal.ProcessSupervisor}) spawns the
 * {@link io.waxwing.run.internal.WorkerActor}s that drive the engine, and — in process 0 — the
 * {@link io.waxwing.run.internal.ExecutionCoordinator}, whose phases (registering, agreeing,
 * running, ended) are behaviours. Control messages ({@link io.waxwing.run.internal.ClusterMessage})
 * are sealed records serialized with Pekko's Jackson CBOR; data batches cross processes through
 * {@link io.waxwing.run.internal.EnvelopeCodec} on core's codec.
 *
 * <p>Reaches the recovery store only through {@code io.waxwing.recovery.runtime}, never
 * {@code io.waxwing.recovery.internal}; never depends on the launcher ({@code ClusterArchitectureTest}).
 */
package io.waxwing.run.internal;
