/**
 * The recovery SPI: what the engine writes epoch snapshots to, commits epochs in and reads resume
 * state from — {@link io.waxwing.engine.recovery.RecoveryStore}, with
 * {@link io.waxwing.engine.recovery.SnapshotEntry} (one key's state) and
 * {@link io.waxwing.engine.recovery.KeyFilter} (the keys a worker loads). The persistence module
 * implements it on Pekko Persistence; {@link io.waxwing.engine.recovery.InMemoryRecoveryStore} keeps
 * everything in memory, for tests. Not user API.
 *
 * <p>Depends only on {@code io.waxwing.dataflow} ({@code KeyHash}); never on the rest of the
 * engine, on Pekko or on persistence.
 */
package io.waxwing.engine.recovery;
