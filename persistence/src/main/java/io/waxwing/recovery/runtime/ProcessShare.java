package io.waxwing.recovery.runtime;

import com.typesafe.config.Config;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.recovery.InconsistentPartitionsException;
import io.waxwing.recovery.MissingPartitionsException;
import io.waxwing.recovery.NoPartitionsException;
import io.waxwing.recovery.RecoveryConfig;
import io.waxwing.recovery.RecoveryException;
import io.waxwing.recovery.internal.DistributedStore;
import io.waxwing.recovery.internal.PartitionServer;
import io.waxwing.recovery.internal.PartitionSummary;
import io.waxwing.recovery.internal.PartitionedStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * One process's share of a recovery store whose partitions are spread over the processes of a
 * cluster: partition {@code i} belongs to process {@code i % processCount}, which opens it in its
 * own actor system and serves it to the others. The steps, in order: {@link #open} (this process),
 * {@link #startServer} and {@link #report} (sent to the coordinator), {@link #agree} (the
 * coordinator, over every process's report), {@link #resume} (every process), then
 * {@link #engineStore} for the workers and {@link #commit} for each committed epoch.
 *
 * <p>Used by the cluster runtime; not user API.
 */
public final class ProcessShare implements AutoCloseable {
    private final PartitionedStore store;
    private final ActorSystem<?> system;
    private final int procId;
    private final Duration timeout;
    private final int messageBytes;
    private ActorRef<PartitionServer.Command> server;
    private DistributedStore distributed;

    private ProcessShare(PartitionedStore store, ActorSystem<?> system, int procId, Duration timeout,
            int messageBytes) {
        this.store = store;
        this.system = system;
        this.procId = procId;
        this.timeout = timeout;
        this.messageBytes = messageBytes;
    }

    /**
     * Opens, in {@code system}, the partitions of {@code config}'s directory that process
     * {@code procId} of {@code procCount} owns. Nothing is checked or voided yet: only every
     * process's report together tells whether the store is whole. Blocks; call it from no actor.
     *
     * @param messageBytes the largest state-load page or snapshot chunk sent to another process
     * @throws NoPartitionsException if the directory holds no partitions at all
     */
    public static ProcessShare open(RecoveryConfig config, ActorSystem<?> system, int procId, int procCount,
            int messageBytes) {
        Objects.requireNonNull(config, "config");
        Config root = system.settings().config();
        PartitionedStore store = PartitionedStore.openShare(config, root, system,
                i -> DistributedStore.ownerOf(i, procCount) == procId);
        return new ProcessShare(store, system, procId, root.getDuration("waxwing.recovery.write-timeout"),
                messageBytes);
    }

    /** Spawns, as a child of {@code ctx}, the server that gives the other processes access to this share. */
    public void startServer(ActorContext<?> ctx, String name, DispatcherSelector dispatcher) {
        server = ctx.spawn(PartitionServer.create(store), name, dispatcher);
    }

    /** What the coordinator needs to know of this share; after {@link #startServer}. */
    public ShareReport report() {
        if (server == null) {
            throw new IllegalStateException("the partition server was not started");
        }
        return new ShareReport(store.summaries(), server);
    }

    /**
     * Checks every process's share together and finds the epoch every partition can resume from.
     *
     * @param reports every process's report, in process order
     * @param storeName names the store in messages (its directory)
     * @throws MissingPartitionsException if some partition was not found or never initialised
     * @throws InconsistentPartitionsException if the partitions do not belong together, or hold no
     *     common epoch
     */
    public static Agreement agree(List<ShareReport> reports, String storeName) {
        List<PartitionSummary> all = new ArrayList<>();
        for (ShareReport r : reports) {
            all.addAll(r.summaries());
        }
        int procCount = reports.size();
        PartitionedStore.Agreement a = PartitionedStore.agree(all, storeName,
                i -> "partition " + i + ", which process " + DistributedStore.ownerOf(i, procCount) + " opens");
        return new Agreement(a.partitionCount(), a.resumeEpoch());
    }

    /**
     * Voids what was written after the agreed resume epoch in this share, on a thread of the
     * store's: the stage completes (or fails with a {@link RecoveryException}) when it is done.
     */
    public CompletionStage<Void> resume(Agreement agreement) {
        return store.resumeFromAsync(new PartitionedStore.Agreement(agreement.partitionCount(),
                agreement.resumeEpoch()));
    }

    /**
     * The recovery store as this process's workers see it, after {@link #resume}: this share,
     * and the other processes' shares through their servers.
     *
     * @param reports every process's report, in process order
     */
    public RecoveryStore engineStore(List<ShareReport> reports, int partitionCount) {
        List<ActorRef<PartitionServer.Command>> servers = new ArrayList<>();
        for (ShareReport r : reports) {
            servers.add(r.server());
        }
        distributed = new DistributedStore(system, store, procId, servers, partitionCount, timeout, messageBytes);
        return distributed;
    }

    /**
     * Records the commit of {@code epoch} in this share; {@code safeEpoch} is an epoch every process
     * has acknowledged committing, so garbage collection may rely on it. Blocks until durable; call
     * it from no actor.
     */
    public void commit(long epoch, long safeEpoch) {
        store.commit(epoch, safeEpoch);
    }

    /** Stops this share's journals. */
    @Override
    public void close() {
        store.close();
    }
}
