package io.waxwing.recovery.internal;

import io.waxwing.engine.recovery.KeyFilter;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.engine.recovery.SnapshotEntry;
import io.waxwing.recovery.RecoveryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The recovery store as the workers of one process of a cluster see it: the store's partitions are
 * spread over the processes — partition {@code i} belongs to process {@code i % processCount},
 * which opened it — and a worker reaches the partitions of other processes through their
 * {@link PartitionServer}s. A snapshot write returns once every partition it touched, here or
 * elsewhere, has it durably; commits are applied by each process to its own partitions.
 */
public final class DistributedStore implements RecoveryStore {
    private final ActorSystem<?> system;
    private final PartitionedStore share;
    private final int procId;
    private final List<ActorRef<PartitionServer.Command>> servers;
    private final int partitionCount;
    private final Duration timeout;
    private final int messageBytes;
    private final long resumedFrom;

    public DistributedStore(ActorSystem<?> system, PartitionedStore share, int procId,
            List<ActorRef<PartitionServer.Command>> servers, int partitionCount, Duration timeout, int messageBytes) {
        this.system = system;
        this.share = share;
        this.procId = procId;
        this.servers = List.copyOf(servers);
        this.partitionCount = partitionCount;
        this.timeout = timeout;
        this.messageBytes = messageBytes;
        this.resumedFrom = share.committedEpoch();
    }

    /** The process that owns partition {@code partition} when there are {@code processCount} processes. */
    public static int ownerOf(int partition, int processCount) {
        return partition % processCount;
    }

    @Override
    public long committedEpoch() {
        return share.committedEpoch();
    }

    @Override
    public Map<String, Object> loadState(String stepId, KeyFilter keyFilter) {
        Map<String, Object> out = new HashMap<>(share.loadState(stepId, keyFilter));
        PartitionServer.Filter filter = PartitionServer.Filter.of(keyFilter);
        for (int proc = 0; proc < servers.size() && proc < partitionCount; proc++) {
            if (proc == procId) {
                continue;
            }
            String request = UUID.randomUUID().toString();
            int offset = 0;
            while (offset >= 0) {
                int from = offset;
                PartitionServer.Page page = await(AskPattern.<PartitionServer.Command, PartitionServer.Page>ask(
                        servers.get(proc), r -> new PartitionServer.LoadPage(request, stepId, filter, from,
                                messageBytes, r), timeout, system.scheduler()).toCompletableFuture(),
                        System.nanoTime() + timeout.toNanos(), "loading the state of step '" + stepId
                                + "' from process " + proc);
                if (page.error() != null) {
                    throw new RecoveryException("process " + proc + " could not load the state of step '" + stepId
                            + "' from its recovery partitions: " + page.error());
                }
                for (Object[] e : PartitionServer.decodePage(page.entries())) {
                    String key = (String) e[0];
                    out.put(key, PartitionedStore.decode(stepId, key, (byte[]) e[1]));
                }
                offset = page.next();
            }
        }
        return out;
    }

    @Override
    public void store(int workerIndex, long epoch, List<SnapshotEntry> entries) {
        try {
            storeAsync(workerIndex, epoch, entries).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    /**
     * Encodes {@code entries} now; sends the chunks for other processes' partitions to their
     * servers and journals this process's share on the local store's threads. Completes when every
     * partition has its part durably.
     */
    @Override
    public CompletableFuture<Void> storeAsync(int workerIndex, long epoch, List<SnapshotEntry> entries) {
        if (entries.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        SnapshotBatch batch = SnapshotBatch.encode(epoch, entries, partitionCount);
        int procs = servers.size();
        List<CompletableFuture<Void>> parts = new ArrayList<>();
        for (int proc = 0; proc < procs; proc++) {
            int owner = proc;
            if (owner == procId) {
                continue;
            }
            String what = "storing the snapshots of worker " + workerIndex + " for epoch " + epoch
                    + " in the recovery partitions of process " + owner;
            SnapshotBatch theirs = batch.select(p -> ownerOf(p, procs) == owner);
            for (byte[] chunk : theirs.toChunks(messageBytes)) {
                parts.add(AskPattern.<PartitionServer.Command, PartitionServer.Written>ask(servers.get(owner),
                        r -> new PartitionServer.Write(workerIndex, chunk, r), timeout, system.scheduler())
                        .toCompletableFuture()
                        .handle((written, failure) -> {
                            if (failure != null) {
                                throw new RecoveryException("the recovery store failed while " + what + ": " + failure
                                        + " (waxwing.recovery.write-timeout)", failure);
                            }
                            if (written.error() != null) {
                                throw new RecoveryException("the recovery store failed while " + what + ": "
                                        + written.error());
                            }
                            return null;
                        }));
            }
        }
        SnapshotBatch mine = batch.select(p -> ownerOf(p, procs) == procId);
        if (!mine.isEmpty()) {
            parts.add(share.writeAsync(workerIndex, mine));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new));
    }

    /**
     * Records the commit of {@code epoch} in this process's partitions, collecting garbage only up to
     * the epoch this execution resumed from, which every partition is known to hold.
     */
    @Override
    public void commit(long epoch) {
        commit(epoch, resumedFrom);
    }

    /**
     * Records the commit of {@code epoch} in this process's partitions; {@code safeEpoch} is an epoch
     * every process has acknowledged committing, so garbage collection may rely on it.
     */
    public void commit(long epoch, long safeEpoch) {
        share.commit(epoch, safeEpoch);
    }

    private static <T> T await(CompletableFuture<T> future, long deadline, String what) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecoveryException("interrupted while " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new RecoveryException("the recovery store failed while " + what + ": " + cause
                    + " (waxwing.recovery.write-timeout)", cause);
        }
    }
}
