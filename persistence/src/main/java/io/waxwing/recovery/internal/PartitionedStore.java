package io.waxwing.recovery.internal;

import io.waxwing.internal.codec.CodecException;
import io.waxwing.internal.codec.StateCodec;
import com.typesafe.config.Config;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.engine.recovery.SnapshotEntry;
import io.waxwing.recovery.DurableRecoveryStore;
import io.waxwing.recovery.InconsistentPartitionsException;
import io.waxwing.recovery.MissingPartitionsException;
import io.waxwing.recovery.NoPartitionsException;
import io.waxwing.recovery.RecoveryConfig;
import io.waxwing.recovery.RecoveryException;
import java.nio.file.Path;
import java.time.Duration;
import io.waxwing.engine.recovery.KeyFilter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
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
public final class PartitionedStore implements DurableRecoveryStore, RecoveryStore {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final long FAILURE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ActorSystem<?> system;
    private final boolean ownSystem;
    /** The journals of the partitions this store opened, by partition index. */
    private final Map<Integer, ActorRef<PartitionJournal.Command>> parts;
    private final List<AtomicReference<RecoveryException>> failures;
    private final List<PartitionSummary> summaries;
    private final JournalBackend backend;
    private final Duration writeTimeout;
    private final Duration shutdownTimeout;
    private final Duration openTimeout;
    private final long keepMillis;
    /** Runs background writes; each waits for its journals' acknowledgements. */
    private final ExecutorService writers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "waxwing-recovery-writer");
        t.setDaemon(true);
        return t;
    });
    private volatile int partitionCount = -1;
    private volatile long committed;
    private volatile boolean closed;

    private PartitionedStore(ActorSystem<?> system, boolean ownSystem, Map<Integer, ActorRef<PartitionJournal.Command>> parts,
            List<AtomicReference<RecoveryException>> failures, List<PartitionSummary> summaries, JournalBackend backend,
            Config settings, Duration backupInterval) {
        this.system = system;
        this.ownSystem = ownSystem;
        this.parts = parts;
        this.failures = failures;
        this.summaries = summaries;
        this.backend = backend;
        this.writeTimeout = settings.getDuration("write-timeout");
        this.shutdownTimeout = settings.getDuration("shutdown-timeout");
        this.openTimeout = settings.getDuration("open-timeout");
        this.keepMillis = backupInterval.toMillis();
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
     * actor system of its own that {@link #close()} terminates. Checks them against each other, finds
     * the epoch to resume from and voids what was written after it.
     */
    public static PartitionedStore open(RecoveryConfig recovery, Config config, ActorSystem<?> shared) {
        PartitionedStore store = openShare(recovery, config, shared, i -> true);
        try {
            JournalBackend backend = store.backend;
            store.resumeFrom(agree(store.summaries(), backend.dbDir.toString(), backend::location));
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Opens the partitions in {@code recovery}'s directory that {@code owns} accepts, for one
     * process of a cluster: nothing is checked or voided yet, because only all processes'
     * {@link #summaries()} together tell whether the store is whole ({@link #agree}); then
     * {@link #resumeFrom} makes the store usable.
     *
     * @throws NoPartitionsException if the directory holds no partitions at all
     */
    public static PartitionedStore openShare(RecoveryConfig recovery, Config config, ActorSystem<?> shared,
            IntPredicate owns) {
        Config settings = config.getConfig("waxwing.recovery");
        JournalBackend backend = JournalBackend.create(recovery.dbDir(), settings);
        SortedSet<Integer> present = backend.presentPartitions();
        if (present.isEmpty()) {
            throw new NoPartitionsException(recovery.dbDir());
        }
        List<Integer> mine = new ArrayList<>();
        for (int i : present) {
            if (owns.test(i)) {
                mine.add(i);
            }
        }
        // Before any journal (and its connection pool) touches a file: a locked, read-only, full,
        // damaged or foreign partition is refused at once, with its cause, and is not written to.
        for (int i : mine) {
            backend.checkOpenable(i);
        }
        ActorSystem<?> system = shared != null ? shared : startSystem(config);
        List<ActorRef<PartitionJournal.Command>> refs = List.of();
        try {
            List<AtomicReference<RecoveryException>> failures = failureSlots(mine.size());
            refs = spawn(system, backend, settings, mine, failures);
            Duration timeout = settings.getDuration("open-timeout");
            List<CompletableFuture<PartitionJournal.Description>> asks = new ArrayList<>();
            for (ActorRef<PartitionJournal.Command> ref : refs) {
                asks.add(ask(system, ref, PartitionJournal.Describe::new, timeout));
            }
            List<PartitionJournal.Description> descriptions =
                    await(asks, failures, timeout, "reading the recovery partitions");
            Map<Integer, ActorRef<PartitionJournal.Command>> byIndex = new TreeMap<>();
            List<PartitionSummary> summaries = new ArrayList<>();
            for (int k = 0; k < mine.size(); k++) {
                int index = mine.get(k);
                PartitionJournal.Description d = descriptions.get(k);
                byIndex.put(index, refs.get(k));
                long[] held = d.commits().tailMap(d.gcHorizon(), true).keySet().stream().mapToLong(Long::longValue)
                        .toArray();
                summaries.add(new PartitionSummary(index, backend.location(index), d.initialized(), d.index(),
                        d.count(), held));
            }
            return new PartitionedStore(system, shared == null, Collections.unmodifiableMap(byIndex), failures,
                    List.copyOf(summaries), backend, settings, recovery.backupInterval());
        } catch (RuntimeException e) {
            refs.forEach(r -> r.tell(new PartitionJournal.Stop()));
            if (shared == null) {
                terminate(system, settings.getDuration("shutdown-timeout"));
            }
            throw e;
        }
    }

    /** What this store found in each partition it opened. */
    public List<PartitionSummary> summaries() {
        return summaries;
    }

    /**
     * The outcome of checking every partition of a store: how many there are and the epoch a new
     * execution resumes from (0 when nothing was ever committed).
     */
    public record Agreement(int partitionCount, long resumeEpoch) {
    }

    /**
     * Checks the partitions of one store, wherever each was opened, and finds the highest epoch
     * every one of them can resume from.
     *
     * @param storeName names the store in messages (its directory)
     * @param locate where a partition that nobody found would be
     * @throws MissingPartitionsException if some partition was not found or never initialised
     * @throws InconsistentPartitionsException if the partitions do not belong together, or hold no
     *     common epoch
     */
    public static Agreement agree(Collection<PartitionSummary> all, String storeName, IntFunction<String> locate) {
        Map<Integer, PartitionSummary> byIndex = new TreeMap<>();
        for (PartitionSummary s : all) {
            byIndex.putIfAbsent(s.index(), s);
        }
        int count = validate(storeName, locate, byIndex);
        return new Agreement(count, resumeEpoch(storeName, byIndex));
    }

    /**
     * Makes this store usable from the epoch everybody agreed on: voids the versions and commits
     * written after it in the partitions this store opened.
     */
    public void resumeFrom(Agreement agreement) {
        checkOpen();
        long resume = agreement.resumeEpoch();
        Duration timeout = openTimeout;
        List<CompletableFuture<Done>> truncations = new ArrayList<>();
        for (ActorRef<PartitionJournal.Command> ref : parts.values()) {
            truncations.add(ask(system, ref, r -> new PartitionJournal.Truncate(resume, r), timeout));
        }
        await(truncations, failures, timeout, "voiding the epochs after the resume epoch " + resume);
        if (resume == 0) {
            // The start, epoch 0, is committed in every partition before any data flows: a crash while
            // the first real commit is recorded then leaves them epoch 0 in common, while a partition
            // that no execution ever opened (initialised afresh, or restored from a copy taken right
            // after `recovery init`) still holds no commit at all and is told apart.
            long now = System.currentTimeMillis();
            List<CompletableFuture<Done>> starts = new ArrayList<>();
            for (PartitionSummary summary : summaries) {
                if (summary.commits().length == 0 || summary.commits()[0] != 0) {
                    starts.add(ask(system, parts.get(summary.index()),
                            r -> new PartitionJournal.Commit(0, now, keepMillis, 0, r), timeout));
                }
            }
            await(starts, failures, timeout, "recording the start (epoch 0) in every partition");
        }
        committed = resume;
        partitionCount = agreement.partitionCount();
    }

    /** {@link #resumeFrom} on a thread of this store's; for callers that must not block (actors). */
    public CompletableFuture<Void> resumeFromAsync(Agreement agreement) {
        checkOpen();
        return CompletableFuture.runAsync(() -> resumeFrom(agreement), writers);
    }

    private static int validate(String storeName, IntFunction<String> locate, Map<Integer, PartitionSummary> byIndex) {
        if (byIndex.isEmpty()) {
            throw new MissingPartitionsException("no process of the execution holds a partition of the recovery store "
                    + storeName + "; each process opens the partitions whose number modulo the process count is its id");
        }
        int count = -1;
        for (Map.Entry<Integer, PartitionSummary> e : byIndex.entrySet()) {
            int index = e.getKey();
            PartitionSummary d = e.getValue();
            if (!d.initialized()) {
                throw new MissingPartitionsException("recovery partition " + index + " at " + d.location()
                        + " was never initialised (an interrupted `recovery init`?); re-create the recovery directory");
            }
            if (d.createdAs() != index) {
                throw new InconsistentPartitionsException("recovery partition at " + d.location()
                        + " was created as partition " + d.createdAs() + "; partitions must keep their names");
            }
            if (count >= 0 && d.count() != count) {
                throw new InconsistentPartitionsException("the recovery partitions in " + storeName
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
        for (Map.Entry<Integer, PartitionSummary> e : byIndex.entrySet()) {
            if (e.getKey() >= count) {
                throw new InconsistentPartitionsException("recovery partition " + e.getKey() + " at "
                        + e.getValue().location() + " is beyond the " + count + " partitions the store was initialised with");
            }
        }
        if (!missing.isEmpty()) {
            List<String> where = new ArrayList<>();
            for (int i : missing) {
                where.add(locate.apply(i));
            }
            throw new MissingPartitionsException("the recovery store in " + storeName + " was initialised with "
                    + count + " partitions but partitions " + missing + " are missing (" + String.join(", ", where)
                    + "); restore them from a backup taken within the backup interval");
        }
        return count;
    }

    /** The highest epoch every partition can resume from, or 0 when nothing but the start was ever committed. */
    private static long resumeEpoch(String storeName, Map<Integer, PartitionSummary> byIndex) {
        NavigableSet<Long> common = null;
        boolean pastTheStart = false;
        for (PartitionSummary d : byIndex.values()) {
            NavigableSet<Long> held = new TreeSet<>();
            for (long epoch : d.commits()) {
                held.add(epoch);
            }
            pastTheStart |= !held.isEmpty() && held.last() > 0;
            if (common == null) {
                common = held;
            } else {
                common.retainAll(held);
            }
        }
        if (common != null && !common.isEmpty()) {
            return common.last();
        }
        if (!pastTheStart) {
            // Nothing but the start was committed anywhere (some partitions may not have recorded it).
            return 0;
        }
        StringBuilder detail = new StringBuilder();
        byIndex.forEach((index, d) -> detail.append(detail.length() == 0 ? "" : "; ").append("partition ").append(index)
                .append(d.commits().length == 0 ? " has no commits"
                        : " can resume from epochs " + d.commits()[0] + ".." + d.commits()[d.commits().length - 1]));
        throw new InconsistentPartitionsException("the recovery partitions in " + storeName
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
                    backend.location(i), failures.get(refs.size()), () -> backend.diagnoseFailure(i),
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
        int count = partitionCount;
        if (count < 0) {
            throw new IllegalStateException("the recovery store's partitions were not agreed on yet (resumeFrom)");
        }
        return count;
    }

    /** Whether this store opened partition {@code partition}. */
    public boolean owns(int partition) {
        return parts.containsKey(partition);
    }

    @Override
    public long committedEpoch() {
        return committed;
    }

    @Override
    public Map<String, Object> loadState(String stepId, KeyFilter keyFilter) {
        Map<String, Object> out = new HashMap<>();
        for (Object[] e : loadEncoded(stepId, keyFilter)) {
            out.put((String) e[0], decode(stepId, (String) e[0], (byte[]) e[1]));
        }
        return out;
    }

    /** Decodes one key's state as {@link #loadEncoded} returned it. */
    static Object decode(String stepId, String key, byte[] encoded) {
        try {
            return StateCodec.decode(encoded);
        } catch (CodecException ex) {
            throw new RecoveryException("cannot restore the state of key '" + key + "' of step '" + stepId
                    + "': " + ex.getMessage(), ex);
        }
    }

    /**
     * The encoded state of every key of {@code stepId} that {@code keyFilter} accepts, in the
     * partitions this store opened, as of the committed epoch: {@code {String key, byte[] state}}.
     */
    List<Object[]> loadEncoded(String stepId, KeyFilter keyFilter) {
        checkOpen();
        long asOf = committed;
        List<CompletableFuture<PartitionJournal.Loaded>> asks = new ArrayList<>(parts.size());
        for (ActorRef<PartitionJournal.Command> ref : parts.values()) {
            asks.add(ask(system, ref, r -> new PartitionJournal.Load(stepId, keyFilter, asOf, r), writeTimeout));
        }
        List<Object[]> out = new ArrayList<>();
        for (PartitionJournal.Loaded loaded : await(asks, failures, writeTimeout, "loading the state of step '" + stepId + "'")) {
            out.addAll(loaded.entries());
        }
        return out;
    }

    /** {@link #loadEncoded} on a thread of this store's; for callers that must not block (actors). */
    CompletableFuture<List<Object[]>> loadEncodedAsync(String stepId, KeyFilter keyFilter) {
        checkOpen();
        return CompletableFuture.supplyAsync(() -> loadEncoded(stepId, keyFilter), writers);
    }

    @Override
    public void store(int workerIndex, long epoch, List<SnapshotEntry> entries) {
        checkOpen();
        if (!entries.isEmpty()) {
            write(workerIndex, SnapshotBatch.encode(epoch, entries, partitionCount()));
        }
    }

    /** Encodes {@code entries} now; journals them on a thread of this store's. */
    @Override
    public CompletableFuture<Void> storeAsync(int workerIndex, long epoch, List<SnapshotEntry> entries) {
        checkOpen();
        if (entries.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return writeAsync(workerIndex, SnapshotBatch.encode(epoch, entries, partitionCount()));
    }

    /** {@link #write} on a thread of this store's; the future completes once the batch is durable. */
    CompletableFuture<Void> writeAsync(int workerIndex, SnapshotBatch batch) {
        checkOpen();
        return CompletableFuture.runAsync(() -> write(workerIndex, batch), writers);
    }

    /**
     * Durably journals {@code batch} — one event per partition it touches — and returns once every
     * one is durable. Every partition of the batch must be one this store opened.
     */
    public void write(int workerIndex, SnapshotBatch batch) {
        checkOpen();
        List<CompletableFuture<Done>> asks = new ArrayList<>();
        batch.byPartition().forEach((p, stored) -> {
            ActorRef<PartitionJournal.Command> ref = parts.get(p);
            if (ref == null) {
                throw new IllegalArgumentException("recovery partition " + p + " is not open in " + this);
            }
            asks.add(ask(system, ref, r -> new PartitionJournal.Store(stored, r), writeTimeout));
        });
        await(asks, failures, writeTimeout, "storing the snapshots of worker " + workerIndex + " for epoch "
                + batch.epoch());
    }

    @Override
    public void commit(long epoch) {
        commit(epoch, committed);
    }

    /**
     * Records the commit of {@code epoch} in every partition this store opened, and collects what
     * no commit at or before {@code safeEpoch} — an epoch known to be committed in every partition of
     * the store, wherever it is — still needs.
     */
    public void commit(long epoch, long safeEpoch) {
        checkOpen();
        synchronized (this) {
            if (epoch <= committed) {
                return;
            }
            long now = System.currentTimeMillis();
            long safe = Math.min(safeEpoch, committed);
            List<CompletableFuture<Done>> asks = new ArrayList<>();
            for (ActorRef<PartitionJournal.Command> ref : parts.values()) {
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
        for (ActorRef<PartitionJournal.Command> ref : parts.values()) {
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
        writers.shutdown();
        parts.values().forEach(r -> r.tell(new PartitionJournal.Stop()));
        if (ownSystem) {
            terminate(system, shutdownTimeout);
        }
    }

    @Override
    public String toString() {
        return "PartitionedStore[" + backend.dbDir + ", partitions " + parts.keySet() + ", committed " + committed + "]";
    }
}
