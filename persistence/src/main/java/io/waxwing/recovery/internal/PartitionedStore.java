package io.waxwing.recovery.internal;

import com.typesafe.config.Config;
import io.waxwing.dataflow.KeyHash;
import io.waxwing.engine.SnapshotEntry;
import io.waxwing.recovery.DurableRecoveryStore;
import io.waxwing.recovery.InconsistentPartitionsException;
import io.waxwing.recovery.MissingPartitionsException;
import io.waxwing.recovery.NoPartitionsException;
import io.waxwing.recovery.RecoveryConfig;
import io.waxwing.recovery.RecoveryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * The recovery store on Pekko Persistence: one {@link PartitionJournal} per partition. A key of a
 * step goes to partition {@code KeyHash.route(stepId + "\0" + key, partCount)}, so the routing does
 * not depend on the number of workers. Each {@link #store} call writes at most one event per
 * partition and returns once every one is durable; each {@link #commit} is recorded in every
 * partition.
 */
public final class PartitionedStore implements DurableRecoveryStore {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final long FAILURE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ActorSystem<?> system;
    private final boolean ownSystem;
    private final List<ActorRef<PartitionJournal.Command>> parts;
    private final List<AtomicReference<RecoveryException>> failures;
    private final JournalBackend backend;
    private final Duration writeTimeout;
    private final Duration shutdownTimeout;
    private final long keepMillis;
    private volatile long committed;
    private volatile boolean closed;

    private PartitionedStore(ActorSystem<?> system, boolean ownSystem, List<ActorRef<PartitionJournal.Command>> parts,
            List<AtomicReference<RecoveryException>> failures, JournalBackend backend, Config settings,
            Duration backupInterval, long committed) {
        this.system = system;
        this.ownSystem = ownSystem;
        this.parts = parts;
        this.failures = failures;
        this.backend = backend;
        this.writeTimeout = settings.getDuration("write-timeout");
        this.shutdownTimeout = settings.getDuration("shutdown-timeout");
        this.keepMillis = backupInterval.toMillis();
        this.committed = committed;
    }

    /** Creates {@code count} empty partitions in {@code dbDir}; refuses if it already holds some. */
    public static void init(Path dbDir, int count, Config config) {
        if (count < 1) {
            throw new IllegalArgumentException("a recovery store needs at least one partition, got " + count);
        }
        Config settings = config.getConfig("waxwing.recovery");
        JournalBackend backend = JournalBackend.create(dbDir, settings);
        SortedSet<Integer> present = backend.presentPartitions();
        if (!present.isEmpty()) {
            throw new RecoveryException("the recovery directory " + backend.dbDir + " already holds recovery partitions "
                    + present + "; refusing to overwrite them: delete them first to start over, or use another directory");
        }
        backend.createPartitions(count);
        ActorSystem<Void> system = startSystem(config);
        try {
            List<AtomicReference<RecoveryException>> failures = failureSlots(count);
            List<ActorRef<PartitionJournal.Command>> refs = spawn(system, backend, settings, indices(count), failures);
            Duration timeout = settings.getDuration("open-timeout");
            for (int i = 0; i < count; i++) {
                int index = i;
                CompletableFuture<Done> done = ask(system, refs.get(i), r -> new PartitionJournal.Init(index, count, r),
                        timeout);
                await(List.of(done), failures, timeout, "initialising partition " + i + " at " + backend.location(i));
            }
            refs.forEach(r -> r.tell(new PartitionJournal.Stop()));
        } finally {
            terminate(system, settings.getDuration("shutdown-timeout"));
        }
    }

    /**
     * Opens the partitions of {@code recovery}; in {@code shared} when not {@code null}, else in an
     * actor system of its own that {@link #close()} terminates.
     */
    public static PartitionedStore open(RecoveryConfig recovery, Config config, ActorSystem<?> shared) {
        Config settings = config.getConfig("waxwing.recovery");
        JournalBackend backend = JournalBackend.create(recovery.dbDir(), settings);
        SortedSet<Integer> present = backend.presentPartitions();
        if (present.isEmpty()) {
            throw new NoPartitionsException(recovery.dbDir());
        }
        ActorSystem<?> system = shared != null ? shared : startSystem(config);
        List<ActorRef<PartitionJournal.Command>> refs = List.of();
        try {
            List<AtomicReference<RecoveryException>> failures = failureSlots(present.size());
            refs = spawn(system, backend, settings, new ArrayList<>(present), failures);
            Duration timeout = settings.getDuration("open-timeout");
            List<CompletableFuture<PartitionJournal.Description>> asks = new ArrayList<>();
            for (ActorRef<PartitionJournal.Command> ref : refs) {
                asks.add(ask(system, ref, PartitionJournal.Describe::new, timeout));
            }
            List<PartitionJournal.Description> descriptions =
                    await(asks, failures, timeout, "reading the recovery partitions");
            Map<Integer, PartitionJournal.Description> byIndex = new TreeMap<>();
            int k = 0;
            for (int index : present) {
                byIndex.put(index, descriptions.get(k++));
            }
            int count = validate(backend, byIndex);
            long resume = resumeEpoch(backend, byIndex);
            List<CompletableFuture<Done>> truncations = new ArrayList<>();
            for (ActorRef<PartitionJournal.Command> ref : refs) {
                truncations.add(ask(system, ref, r -> new PartitionJournal.Truncate(resume, r), timeout));
            }
            await(truncations, failures, timeout, "voiding the epochs after the resume epoch " + resume);
            return new PartitionedStore(system, shared == null, List.copyOf(refs), failures, backend, settings,
                    recovery.backupInterval(), resume);
        } catch (RuntimeException e) {
            refs.forEach(r -> r.tell(new PartitionJournal.Stop()));
            if (shared == null) {
                terminate(system, settings.getDuration("shutdown-timeout"));
            }
            throw e;
        }
    }

    private static int validate(JournalBackend backend, Map<Integer, PartitionJournal.Description> byIndex) {
        int count = -1;
        for (Map.Entry<Integer, PartitionJournal.Description> e : byIndex.entrySet()) {
            int index = e.getKey();
            PartitionJournal.Description d = e.getValue();
            if (!d.initialized()) {
                throw new MissingPartitionsException("recovery partition " + index + " at " + backend.location(index)
                        + " was never initialised (an interrupted `recovery init`?); re-create the recovery directory");
            }
            if (d.index() != index) {
                throw new InconsistentPartitionsException("recovery partition at " + backend.location(index)
                        + " was created as partition " + d.index() + "; partitions must keep their names");
            }
            if (count >= 0 && d.count() != count) {
                throw new InconsistentPartitionsException("the recovery partitions in " + backend.dbDir
                        + " come from different stores: partition " + index + " belongs to a store of " + d.count()
                        + " partitions, others to one of " + count);
            }
            count = d.count();
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!byIndex.containsKey(i)) {
                missing.add(i);
            }
        }
        for (int index : byIndex.keySet()) {
            if (index >= count) {
                throw new InconsistentPartitionsException("recovery partition " + index + " at " + backend.location(index)
                        + " is beyond the " + count + " partitions the store was initialised with");
            }
        }
        if (!missing.isEmpty()) {
            List<String> where = new ArrayList<>();
            for (int i : missing) {
                where.add(backend.location(i));
            }
            throw new MissingPartitionsException("the recovery store in " + backend.dbDir + " was initialised with "
                    + count + " partitions but partitions " + missing + " are missing (" + String.join(", ", where)
                    + "); restore them from a backup taken within the backup interval");
        }
        return count;
    }

    /** The highest epoch every partition can resume from, or 0 when nothing was ever committed. */
    private static long resumeEpoch(JournalBackend backend, Map<Integer, PartitionJournal.Description> byIndex) {
        NavigableSet<Long> common = null;
        boolean anyCommit = false;
        for (PartitionJournal.Description d : byIndex.values()) {
            NavigableSet<Long> held = new TreeSet<>(d.commits().tailMap(d.gcHorizon(), true).keySet());
            anyCommit |= !held.isEmpty();
            if (common == null) {
                common = held;
            } else {
                common.retainAll(held);
            }
        }
        if (common != null && !common.isEmpty()) {
            return common.last();
        }
        if (!anyCommit) {
            return 0;
        }
        StringBuilder detail = new StringBuilder();
        byIndex.forEach((index, d) -> detail.append(detail.length() == 0 ? "" : "; ").append("partition ").append(index)
                .append(d.commits().isEmpty() ? " has no commits"
                        : " can resume from epochs " + d.commits().firstKey() + ".." + d.commits().lastKey()));
        throw new InconsistentPartitionsException("the recovery partitions in " + backend.dbDir
                + " hold no epoch common to all of them (" + detail + "); a partition was restored from a copy older"
                + " than the backup interval, or initialised afresh beside partitions that have commits");
    }

    private static List<Integer> indices(int count) {
        List<Integer> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(i);
        }
        return out;
    }

    private static ActorSystem<Void> startSystem(Config config) {
        Config own = config.getConfig("waxwing.recovery.actor-system").withFallback(config);
        return ActorSystem.create(Behaviors.empty(), "waxwing-recovery", own);
    }

    private static void terminate(ActorSystem<?> system, Duration timeout) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The journals flushed every write before it was acknowledged; a slow shutdown loses nothing.
        }
    }

    private static List<ActorRef<PartitionJournal.Command>> spawn(ActorSystem<?> system, JournalBackend backend,
            Config settings, List<Integer> indices, List<AtomicReference<RecoveryException>> failures) {
        Config systemConfig = system.settings().config();
        int instance = INSTANCES.incrementAndGet();
        int snapshotEvery = settings.getInt("snapshot-every");
        int keepSnapshots = settings.getInt("keep-snapshots");
        List<ActorRef<PartitionJournal.Command>> refs = new ArrayList<>();
        for (int i : indices) {
            PartitionJournal journal = new PartitionJournal(PersistenceId.ofUniqueId(backend.persistenceId(i)),
                    backend.location(i), failures.get(refs.size()),
                    backend.journalPluginId(i), backend.journalPluginConfig(i, systemConfig),
                    backend.snapshotPluginId(i), backend.snapshotPluginConfig(i, systemConfig),
                    snapshotEvery, keepSnapshots);
            refs.add(system.systemActorOf(journal, "waxwing-recovery-" + instance + "-part-" + i, Props.empty()));
        }
        return refs;
    }

    private static <R> CompletableFuture<R> ask(ActorSystem<?> system, ActorRef<PartitionJournal.Command> ref,
            Function<ActorRef<R>, PartitionJournal.Command> message, Duration timeout) {
        return AskPattern.<PartitionJournal.Command, R>ask(ref, message::apply, timeout, system.scheduler())
                .toCompletableFuture();
    }

    private static List<AtomicReference<RecoveryException>> failureSlots(int count) {
        List<AtomicReference<RecoveryException>> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new AtomicReference<>());
        }
        return List.copyOf(out);
    }

    /**
     * Waits for every answer; fails as soon as a partition's journal has failed (the partition then
     * never answers), or when {@code timeout} has passed.
     */
    private static <R> List<R> await(List<CompletableFuture<R>> futures, List<AtomicReference<RecoveryException>> failures,
            Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<R> out = new ArrayList<>(futures.size());
        for (CompletableFuture<R> f : futures) {
            while (true) {
                long left = deadline - System.nanoTime();
                try {
                    out.add(f.get(Math.max(0, Math.min(left, FAILURE_POLL_NANOS)), TimeUnit.NANOSECONDS));
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RecoveryException("interrupted while " + what, e);
                } catch (ExecutionException e) {
                    throw new RecoveryException("the recovery store failed while " + what + ": " + e.getCause(), e);
                } catch (TimeoutException e) {
                    for (AtomicReference<RecoveryException> failure : failures) {
                        RecoveryException cause = failure.get();
                        if (cause != null) {
                            throw new RecoveryException("the recovery store failed while " + what + ": "
                                    + cause.getMessage(), cause);
                        }
                    }
                    if (left <= 0) {
                        throw new RecoveryException("the recovery store failed while " + what + ": no answer within "
                                + timeout + " (waxwing.recovery.write-timeout / open-timeout)", e);
                    }
                }
            }
        }
        return out;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the recovery store is closed");
        }
    }

    @Override
    public int partitionCount() {
        return parts.size();
    }

    @Override
    public long committedEpoch() {
        return committed;
    }

    @Override
    public Map<String, Object> loadState(String stepId, Predicate<String> keyFilter) {
        checkOpen();
        long asOf = committed;
        List<CompletableFuture<PartitionJournal.Loaded>> asks = new ArrayList<>(parts.size());
        for (ActorRef<PartitionJournal.Command> ref : parts) {
            asks.add(ask(system, ref, r -> new PartitionJournal.Load(stepId, keyFilter, asOf, r), writeTimeout));
        }
        Map<String, Object> out = new HashMap<>();
        for (PartitionJournal.Loaded loaded : await(asks, failures, writeTimeout, "loading the state of step '" + stepId + "'")) {
            for (Object[] e : loaded.entries()) {
                String key = (String) e[0];
                try {
                    out.put(key, StateCodec.decode((byte[]) e[1]));
                } catch (RecoveryException ex) {
                    throw new RecoveryException("cannot restore the state of key '" + key + "' of step '" + stepId
                            + "': " + ex.getMessage(), ex);
                }
            }
        }
        return out;
    }

    @Override
    public void store(int workerIndex, long epoch, List<SnapshotEntry> entries) {
        checkOpen();
        if (entries.isEmpty()) {
            return;
        }
        int n = parts.size();
        int size = entries.size();
        int[] route = new int[size];
        int[] counts = new int[n];
        byte[][] encoded = new byte[size][];
        for (int i = 0; i < size; i++) {
            SnapshotEntry e = entries.get(i);
            route[i] = KeyHash.route(e.stepId() + "\u0000" + e.key(), n);
            counts[route[i]]++;
            encoded[i] = e.state() == null ? null : StateCodec.encode(e.state(), e.stepId());
        }
        String[][] steps = new String[n][];
        String[][] keys = new String[n][];
        byte[][][] values = new byte[n][][];
        int[] fill = new int[n];
        for (int p = 0; p < n; p++) {
            steps[p] = new String[counts[p]];
            keys[p] = new String[counts[p]];
            values[p] = new byte[counts[p]][];
        }
        for (int i = 0; i < size; i++) {
            int p = route[i];
            int j = fill[p]++;
            SnapshotEntry e = entries.get(i);
            steps[p][j] = e.stepId();
            keys[p][j] = e.key();
            values[p][j] = encoded[i];
        }
        List<CompletableFuture<Done>> asks = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            if (counts[p] > 0) {
                PartitionEvent.Stored batch = new PartitionEvent.Stored(epoch, steps[p], keys[p], values[p]);
                asks.add(ask(system, parts.get(p), r -> new PartitionJournal.Store(batch, r), writeTimeout));
            }
        }
        await(asks, failures, writeTimeout, "storing the snapshots of worker " + workerIndex + " for epoch " + epoch);
    }

    @Override
    public void commit(long epoch) {
        checkOpen();
        synchronized (this) {
            if (epoch <= committed) {
                return;
            }
            long now = System.currentTimeMillis();
            long safe = committed;
            List<CompletableFuture<Done>> asks = new ArrayList<>();
            for (ActorRef<PartitionJournal.Command> ref : parts) {
                asks.add(ask(system, ref, r -> new PartitionJournal.Commit(epoch, now, keepMillis, safe, r),
                        writeTimeout));
            }
            await(asks, failures, writeTimeout, "committing epoch " + epoch);
            committed = epoch;
        }
    }

    /** What each partition holds: {@code {keys, versions}} per partition; for tests and diagnostics. */
    public List<long[]> sizes() {
        checkOpen();
        List<CompletableFuture<PartitionJournal.Description>> asks = new ArrayList<>();
        for (ActorRef<PartitionJournal.Command> ref : parts) {
            asks.add(ask(system, ref, PartitionJournal.Describe::new, writeTimeout));
        }
        List<long[]> out = new ArrayList<>();
        for (PartitionJournal.Description d : await(asks, failures, writeTimeout, "describing the partitions")) {
            out.add(new long[] {d.keys(), d.versions()});
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        parts.forEach(r -> r.tell(new PartitionJournal.Stop()));
        if (ownSystem) {
            terminate(system, shutdownTimeout);
        }
    }

    @Override
    public String toString() {
        return "PartitionedStore[" + backend.dbDir + ", " + parts.size() + " partitions, committed " + committed + "]";
    }
}
