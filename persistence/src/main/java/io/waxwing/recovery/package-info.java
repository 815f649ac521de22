/**
 * Recovery: where epoch snapshots are kept and how an execution resumes from them.
 *
 * <p>{@link io.waxwing.recovery.Recovery#initDbDir} creates a store of numbered partitions;
 * {@link io.waxwing.recovery.Recovery#open} opens it as the engine's
 * {@link io.waxwing.engine.recovery.RecoveryStore}. Each partition is a persistent entity on Pekko
 * Persistence (pekko-persistence-jdbc), journaled in its own embedded H2 file
 * {@code dbDir/part-<i>/journal.mv.db}, or in a shared PostgreSQL database when
 * {@code waxwing.recovery.journal = postgres}.
 *
 * <p>How it works:
 * <ul>
 * <li>Routing: the state of key {@code k} of step {@code s} lives in partition
 * {@code KeyHash.route(s + "\0" + k, partCount)}, independent of the number of workers, so an
 * execution may resume with more or fewer workers; each worker loads the keys its filter accepts.
 * <li>Writes: one {@code store(worker, epoch, entries)} call is one journal event per partition
 * that receives entries (never one write per key), acknowledged once the journal has written it.
 * Values are encoded by core's {@code io.waxwing.internal.codec.StateCodec}, as items crossing
 * processes are: tagged binary for common types, Jackson CBOR with the
 * class name for records and POJOs; Java serialization is off.
 * <li>Commits: {@code commit(e)} is journaled in every partition. On open each partition reports
 * the epochs it can still resume from; the store resumes from the highest epoch common to all of
 * them. No common epoch while some partition has commits (a partition restored from an old copy, or
 * initialised afresh) is an {@link io.waxwing.recovery.InconsistentPartitionsException}; versions and
 * commits after the resume epoch, left by an execution that did not finish, are voided.
 * <li>Garbage collection: at each commit, the partition computes a horizon: the newest epoch
 * known to be committed in every partition (the previous commit) whose commit is at least
 * {@code backupInterval} old. Every version superseded by a version at or before the horizon is
 * dropped, and so are tombstones at or before it; commits older than the horizon stop being resume
 * points. The horizon lags one commit behind so that a crash while a commit is being recorded in
 * the partitions still leaves them the previous epoch in common; it costs at most one more version
 * per key changed in the last epoch. Using
 * the commit time of the superseding epoch, rather than the write time of the old version, is what
 * keeps the promise of {@code backupInterval}: a copy of a partition taken up to
 * {@code backupInterval} ago still shares a resume epoch, with all its versions, with the current
 * partitions. The journal itself is bounded by Pekko's snapshot retention: every
 * {@code waxwing.recovery.snapshot-every} events the partition's (collected) state is saved as a
 * Pekko snapshot and the events and snapshots before the kept ones are deleted.
 * </ul>
 *
 * <p>This package depends only on {@code io.waxwing.recovery.internal}, {@code io.waxwing.errors},
 * Pekko and Typesafe Config, and its public signatures show no engine or internal type;
 * {@code io.waxwing.recovery.internal} depends on the engine's recovery SPI (never the rest of the
 * engine), {@code io.waxwing.dataflow} (key hash, KV), core's codec and Pekko; nothing here depends
 * on the cluster or the launcher ({@code PersistenceArchitectureTest}). {@code io.waxwing.recovery.internal}
 * is not API.
 */
package io.waxwing.recovery;
