package io.waxwing.recovery.internal;

import com.typesafe.config.Config;
import io.waxwing.recovery.RecoveryException;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.persistence.typed.JournalPersistFailed;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One recovery partition: a persistent entity whose journal holds the snapshots of the keys routed
 * to it and every commit. Its journal and snapshot plugins are configured at run time, so that each
 * partition of the embedded store writes its own H2 file. Every {@link Store} becomes one event
 * (one journal row), however many keys it carries. Every {@code snapshotEvery} events a Pekko
 * snapshot of the state (which garbage collection keeps small) replaces the older events and
 * snapshots, so the journal does not grow without bound.
 *
 * <p>When its journal fails (recovery or a write), Pekko stops the entity; it first records why —
 * in words when the storage said it: disk full, read-only, locked ({@link StoreFault}) — in
 * {@code failure}, which the store checks while it waits for an answer, so that callers fail at
 * once instead of waiting out their timeout.
 */
final class PartitionJournal extends EventSourcedBehavior<PartitionJournal.Command, PartitionEvent, PartitionState> {

    sealed interface Command {
    }

    /** Records that this is partition {@code index} of {@code count}. */
    record Init(int index, int count, ActorRef<Done> replyTo) implements Command {
    }

    /** Asks what the partition holds. */
    record Describe(ActorRef<Description> replyTo) implements Command {
    }

    /**
     * @param commits committed epoch → commit time, epochs at or after {@code gcHorizon}
     */
    record Description(boolean initialized, int index, int count, long gcHorizon,
            NavigableMap<Long, Long> commits, long keys, long versions) {
    }

    /** Journals one worker's snapshots of one epoch; replies once durable. */
    record Store(PartitionEvent.Stored batch, ActorRef<Done> replyTo) implements Command {
    }

    /**
     * Journals the commit of {@code epoch} and collects versions no longer needed by any commit at
     * least {@code keepMillis} old and at or before {@code safeEpoch}, the last epoch known to be
     * committed in every partition.
     */
    record Commit(long epoch, long atMillis, long keepMillis, long safeEpoch, ActorRef<Done> replyTo)
            implements Command {
    }

    /** Voids versions and commits after {@code epoch}, the epoch a new execution resumes from. */
    record Truncate(long epoch, ActorRef<Done> replyTo) implements Command {
    }

    /** Asks for the encoded state of the keys of {@code step} accepted by {@code filter}, as of {@code epoch}. */
    record Load(String step, Predicate<String> filter, long epoch, ActorRef<Loaded> replyTo) implements Command {
    }

    /** Each element is {@code {String key, byte[] encodedState}}. */
    record Loaded(List<Object[]> entries) {
    }

    /** Stops the entity. */
    record Stop() implements Command {
    }

    private final String journalPluginId;
    private final Config journalPluginConfig;
    private final String snapshotPluginId;
    private final Config snapshotPluginConfig;
    private final int snapshotEvery;
    private final int keepSnapshots;
    private final String location;
    private final AtomicReference<RecoveryException> failure;
    /** Looks at the partition's storage after a failure: its cause in words, or {@code null}. */
    private final Supplier<String> diagnosis;
    private boolean stopping;

    PartitionJournal(PersistenceId id, String location, AtomicReference<RecoveryException> failure,
            Supplier<String> diagnosis, String journalPluginId, Config journalPluginConfig, String snapshotPluginId,
            Config snapshotPluginConfig, int snapshotEvery, int keepSnapshots) {
        super(id);
        this.journalPluginId = journalPluginId;
        this.journalPluginConfig = journalPluginConfig;
        this.snapshotPluginId = snapshotPluginId;
        this.snapshotPluginConfig = snapshotPluginConfig;
        this.snapshotEvery = snapshotEvery;
        this.keepSnapshots = keepSnapshots;
        this.location = location;
        this.failure = failure;
        this.diagnosis = diagnosis;
    }

    @Override
    public PartitionState emptyState() {
        return new PartitionState();
    }

    @Override
    public String journalPluginId() {
        return journalPluginId;
    }

    @Override
    public Optional<Config> journalPluginConfig() {
        return Optional.of(journalPluginConfig);
    }

    @Override
    public String snapshotPluginId() {
        return snapshotPluginId;
    }

    @Override
    public Optional<Config> snapshotPluginConfig() {
        return Optional.of(snapshotPluginConfig);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(snapshotEvery, keepSnapshots).withDeleteEventsOnSnapshot();
    }

    @Override
    public SnapshotAdapter<PartitionState> snapshotAdapter() {
        return new SnapshotAdapter<>() {
            @Override
            public Object toJournal(PartitionState state) {
                return state.toImage();
            }

            @Override
            public PartitionState fromJournal(Object from) {
                return PartitionState.fromImage((PartitionImage) from);
            }
        };
    }

    @Override
    public CommandHandler<Command, PartitionEvent, PartitionState> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Init.class, (state, c) -> state.initialized()
                        ? Effect().reply(c.replyTo(), Done.getInstance())
                        : Effect().persist(new PartitionEvent.Initialized(c.index(), c.count()))
                                .thenReply(c.replyTo(), s -> Done.getInstance()))
                .onCommand(Describe.class, (state, c) -> {
                    long[] sizes = state.sizes();
                    return Effect().reply(c.replyTo(), new Description(state.initialized(), state.index(),
                            state.count(), state.gcHorizon(), state.commits(), sizes[0], sizes[1]));
                })
                .onCommand(Store.class, (state, c) -> Effect().persist(c.batch())
                        .thenReply(c.replyTo(), s -> Done.getInstance()))
                .onCommand(Commit.class, (state, c) -> {
                    long horizon = state.horizonAt(c.epoch(), c.atMillis(), c.keepMillis(), c.safeEpoch());
                    return Effect().persist(new PartitionEvent.Committed(c.epoch(), c.atMillis(), horizon))
                            .thenReply(c.replyTo(), s -> Done.getInstance());
                })
                .onCommand(Truncate.class, (state, c) -> state.hasVersionsAfter(c.epoch())
                        ? Effect().persist(new PartitionEvent.Truncated(c.epoch()))
                                .thenReply(c.replyTo(), s -> Done.getInstance())
                        : Effect().reply(c.replyTo(), Done.getInstance()))
                .onCommand(Load.class, (state, c) -> Effect().reply(c.replyTo(),
                        new Loaded(state.load(c.step(), c.filter(), c.epoch()))))
                .onCommand(Stop.class, (state, c) -> {
                    stopping = true;
                    return Effect().stop();
                })
                .build();
    }

    @Override
    public SignalHandler<PartitionState> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryFailed.class, (state, signal) -> failure.compareAndSet(null,
                        failed(location, "cannot be read", signal.getFailure())))
                .onSignal(JournalPersistFailed.class, (state, signal) -> failure.compareAndSet(null,
                        failed(location, "cannot be written", signal.getFailure())))
                .onSignal(PostStop.instance(), state -> {
                    if (!stopping) {
                        failure.compareAndSet(null, new RecoveryException("the journal of the recovery partition at "
                                + location + " failed and the partition stopped; the journal's error is in the log"));
                    }
                })
                .build();
    }

    /**
     * The failure of the partition at {@code location}: its cause in words when the storage said it
     * (disk full, read-only, locked) or its storage shows it, else {@code otherwise} with the
     * database's own message.
     */
    private RecoveryException failed(String location, String otherwise, Throwable cause) {
        String known = StoreFault.describe(cause);
        if (known == null) {
            // The database does not always pass the operating system's reason on ("Writing to … failed").
            known = diagnosis.get();
        }
        return new RecoveryException("recovery partition " + location + " "
                + (known != null ? known : otherwise + ": " + describe(cause)), cause);
    }

    @Override
    public EventHandler<PartitionState, PartitionEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onAnyEvent(PartitionState::apply);
    }

    /** The failure's message and its root cause's, which is where the database says what is wrong. */
    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root == failure ? String.valueOf(failure.getMessage())
                : failure.getMessage() + " (caused by " + root + ")";
        // H2 quotes the SQL statement on lines of its own; the message must stay one line.
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
