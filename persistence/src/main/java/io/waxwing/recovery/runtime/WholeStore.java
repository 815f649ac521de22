package io.waxwing.recovery.runtime;

import com.typesafe.config.ConfigFactory;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.recovery.RecoveryConfig;
import io.waxwing.recovery.internal.PartitionedStore;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Every partition of a recovery store, opened by one process, checked and agreed on, as the
 * engine's {@link RecoveryStore}. Used by the runtime (a single process, or {@code runMain}); not
 * user API, which is {@link io.waxwing.recovery.Recovery}.
 */
public final class WholeStore implements AutoCloseable {
    private final PartitionedStore store;

    private WholeStore(PartitionedStore store) {
        this.store = store;
    }

    /**
     * Opens the store as entities of {@code system}, configured by that system's configuration.
     * Blocks; call it from no actor.
     *
     * @throws io.waxwing.recovery.RecoveryException as {@link io.waxwing.recovery.Recovery#open} does
     */
    public static WholeStore open(RecoveryConfig config, ActorSystem<?> system) {
        Objects.requireNonNull(config, "config");
        return new WholeStore(PartitionedStore.open(config, system.settings().config(), system));
    }

    /**
     * Opens the store in a small actor system of its own, which {@link #close()} terminates: for
     * {@code runMain}, which runs its worker on the calling thread and has no actor system.
     */
    public static WholeStore open(RecoveryConfig config) {
        Objects.requireNonNull(config, "config");
        return new WholeStore(PartitionedStore.open(config, ConfigFactory.load(), null));
    }

    /** The store the workers write their snapshots to and commit epochs in. */
    public RecoveryStore engineStore() {
        return store;
    }

    /** The epoch the execution resumes after. */
    public long committedEpoch() {
        return store.committedEpoch();
    }

    @Override
    public void close() {
        store.close();
    }
}
