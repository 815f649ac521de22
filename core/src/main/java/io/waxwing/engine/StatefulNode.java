package io.waxwing.engine;

import io.waxwing.engine.recovery.SnapshotEntry;
import io.waxwing.engine.recovery.KeyFilter;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.dataflow.KV;
import io.waxwing.errors.WaxwingRuntimeException;
import io.waxwing.internal.graph.BatchedLogic;
import io.waxwing.internal.graph.Emit;
import io.waxwing.internal.graph.KeyedLogicFactory;
import io.waxwing.internal.prefetch.KeyState;
import io.waxwing.internal.prefetch.PrefetchingLogic;
import io.waxwing.internal.time.BatchTime;
import io.waxwing.operators.StatefulLogic;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A stateful step on one worker: one logic per key routed here, built lazily (or from resume state),
 * called per item, woken at the times it asks for, snapshotted for the keys that changed when an
 * epoch closes, told about the end of input.
 */
final class StatefulNode extends Pipe {
    /** A key's state kept apart from its logic: for a logic that is no {@link KeyState} of its own. */
    private static final class Plain extends KeyState {
        Plain(String key, long keyPrefix, Object logic) {
            claim(key, keyPrefix, logic);
        }
    }

    /**
     * Wraps what a key's logic emits into {@code KV(key, value)}; reused for every call. Also the
     * batch's system time for a logic whose clock follows it: read once per batch, when first asked.
     */
    private final class KeyedEmit implements Emit, BatchTime {
        String key;
        /** The system time read for this batch, or {@link #UNREAD}. */
        private long batchNanos = UNREAD;

        @Override
        public void push(Object item) {
            emitted = true;
            next.push(new KV<>(key, item));
        }

        /** A new batch begins: its system time is read afresh when first asked for. */
        void newBatch() {
            batchNanos = UNREAD;
        }

        @Override
        public long systemNanos() {
            if (batchNanos == UNREAD) {
                batchNanos = BatchTime.readSystemNanos();
            }
            return batchNanos;
        }
    }

    /** {@link KeyedEmit#batchNanos} before the batch's system time is read. */
    private static final long UNREAD = Long.MIN_VALUE;
    /** How many items {@link #pushAll} prefetches the key states of before calling their logics. */
    private static final int GROUP = 16;

    private final String stepId;
    private final KeyedLogicFactory factory;
    private final Pipe next;
    private final EpochTracker tracker;
    private final int handle;
    private final EpochCell cell;
    private final KeyTable<KeyState, StatefulLogic<Object, Object, Object>> keys = new KeyTable<>();
    private final Set<String> changed = new HashSet<>();
    /** Ordered by time, then by key: keys due at the same instant are woken in key order. */
    private final WakeQueue<KeyState> wakes = new WakeQueue<>();
    /** The keys {@link #fireDue} takes from the queue, reused. */
    private final List<KeyState> due = new ArrayList<>();
    private final List<Instant> dueAt = new ArrayList<>();
    private final KeyedEmit emit = new KeyedEmit();
    private final InstantSource clock;
    /** For a batch logic ({@link KeyedLogicFactory#batched()}): the values of the current batch by key. */
    private final TreeMap<String, List<Object>> pending;
    /** The slots of the keys of the group {@link #pushAll} works on, reused. */
    private final int[] slots = new int[GROUP];
    /** The logics of that group that prefetch, reused. */
    private final PrefetchingLogic[] group = new PrefetchingLogic[GROUP];
    /** Whether a logic built here is a {@link PrefetchingLogic}: then batches go a group at a time. */
    private boolean prefetching;
    /** What the prefetches read, summed: written so that their reads are kept; means nothing. */
    private int prefetched;
    private boolean emitted;
    /** Every key has had {@code onEof}: nothing more is called. */
    private boolean ended;

    StatefulNode(String stepId, KeyedLogicFactory factory, Pipe next, EpochTracker tracker, EpochCell cell,
            RecoveryStore store, int worker, int workerCount, InstantSource clock) {
        this.stepId = stepId;
        this.clock = clock;
        this.pending = factory.batched() ? new TreeMap<>() : null;
        this.factory = factory;
        this.next = next;
        this.tracker = tracker;
        this.handle = tracker.register();
        this.cell = cell;
        wakes.advance(clock.instant());
        Map<String, Object> resume = store.loadState(stepId, KeyFilter.ofWorker(worker, workerCount));
        for (Map.Entry<String, Object> e : resume.entrySet()) {
            schedule(put(e.getKey(), build(e.getValue())));
        }
    }

    private StatefulLogic<Object, Object, Object> build(Object resume) {
        StatefulLogic<Object, Object, Object> logic;
        try {
            logic = factory.build(resume);
        } catch (Throwable t) {
            throw StepFailure.of(stepId, t);
        }
        if (logic == null) {
            throw StepFailure.of(stepId,
                    new NullPointerException("the stateful builder returned null instead of a StatefulLogic"));
        }
        if (!prefetching && logic instanceof PrefetchingLogic) {
            prefetching = true;
        }
        return logic;
    }

    @Override
    public void push(Object item) {
        if (!(item instanceof KV<?> kv)) {
            throw notKeyed(stepId, item);
        }
        if (pending != null) {
            pending.computeIfAbsent(kv.key(), k -> new ArrayList<>()).add(kv.value());
            return;
        }
        process(kv, keys.find(kv.key()));
    }

    /** Calls the logic of {@code kv}'s key, which is in {@code slot} of the table or (-1) not yet. */
    private void process(KV<?> kv, int slot) {
        String key = kv.key();
        KeyState ks;
        StatefulLogic<Object, Object, Object> logic;
        if (slot >= 0) {
            // Both from the slot: the logic's object is loaded without waiting for the state's.
            logic = keys.logic(slot);
            ks = keys.state(slot);
        } else {
            ks = add(key);
            logic = logic(ks);
        }
        // Before the call, so that the state's cache line is on its way while the logic runs.
        markChanged(key, ks);
        emit.key = key;
        boolean discard;
        try {
            discard = logic.onItem(kv.value(), emit);
        } catch (Throwable t) {
            throw StepFailure.of(stepId, t);
        }
        after(key, ks, discard);
    }

    /**
     * Pushes a batch's items in order. When the logics are {@link PrefetchingLogic}s, a group at a
     * time: first the group's keys are found and what their calls will read is read, without
     * waiting for one read before the next (the cache misses of the group's keys overlap), then
     * the logics are called as {@link #push} calls them. The same calls in the same order as
     * pushing each item.
     */
    void pushAll(List<Object> items) {
        int n = items.size();
        if (pending != null || !prefetching) {
            for (int i = 0; i < n; i++) {
                push(items.get(i));
            }
            return;
        }
        for (int from = 0; from < n; from += GROUP) {
            int to = Math.min(n, from + GROUP);
            prefetch(items, from, to);
            int version = keys.version();
            for (int i = from; i < to; i++) {
                Object item = items.get(i);
                // A key added or removed since moves the slots: then push finds the key again.
                if (keys.version() == version && item instanceof KV<?> kv) {
                    process(kv, slots[i - from]);
                } else {
                    push(item);
                }
            }
        }
    }

    /**
     * Finds the keys of {@code items[from, to)} and reads what their calls will read, in passes of
     * reads that do not wait for each other: the keys' slots, then their states and logics, then
     * what each {@link PrefetchingLogic} reads.
     */
    private void prefetch(List<Object> items, int from, int to) {
        for (int i = from; i < to; i++) {
            slots[i - from] = items.get(i) instanceof KV<?> kv ? keys.find(kv.key()) : -1;
        }
        int sink = 0;
        for (int i = 0; i < to - from; i++) {
            if (slots[i] >= 0) {
                // Both ends of the state: the changed mark, and the queued wake schedule compares.
                KeyState ks = keys.state(slots[i]);
                sink += (ks.changed ? 1 : 0) + (ks.queuedAt == null ? 0 : 2);
                if (keys.logic(slots[i]) instanceof PrefetchingLogic logic) {
                    group[i] = logic;
                }
            }
        }
        for (int i = 0; i < to - from; i++) {
            if (group[i] != null) {
                sink += group[i].prefetch();
                group[i] = null;
            }
        }
        prefetched += sink;
    }

    private KeyState logicOf(String key) {
        KeyState ks = keys.get(key);
        return ks == null ? add(key) : ks;
    }

    /** A new key's state and logic. */
    private KeyState add(String key) {
        return put(key, build(null));
    }

    /**
     * Adds {@code key} with its logic and its state: the logic itself when it is a {@link KeyState}
     * free to claim, so that the key's calls read one object, else one of its own.
     */
    private KeyState put(String key, StatefulLogic<Object, Object, Object> logic) {
        long prefix = WakeQueue.keyPrefix(key);
        KeyState ks = logic instanceof KeyState own && own.claim(key, prefix, logic)
                ? own : new Plain(key, prefix, logic);
        keys.put(key, ks, logic);
        return ks;
    }

    /** The logic of the key of state {@code ks}. */
    @SuppressWarnings("unchecked")
    private static StatefulLogic<Object, Object, Object> logic(KeyState ks) {
        return (StatefulLogic<Object, Object, Object>) ks.logic;
    }

    /** A batch logic's {@code onBatch} for each key of the batch that ends, in key order. */
    private void runPending() {
        if (pending == null || pending.isEmpty()) {
            return;
        }
        for (Map.Entry<String, List<Object>> e : pending.entrySet()) {
            String key = e.getKey();
            KeyState ks = logicOf(key);
            emit.key = key;
            boolean discard;
            try {
                discard = ((BatchedLogic) logic(ks)).onBatch(e.getValue(), emit);
            } catch (Throwable t) {
                throw StepFailure.of(stepId, t);
            }
            after(key, ks, discard);
        }
        pending.clear();
    }

    /** The error for an item that is not a {@code KV} reaching a step that needs keys. */
    static WaxwingRuntimeException notKeyed(String stepId, Object item) {
        return new WaxwingRuntimeException(stepId, "it needs a keyed stream of KV items but got "
                + (item == null ? "null" : item.getClass().getName()) + "; key the stream with keyOn first", null);
    }

    private void markChanged(String key, KeyState ks) {
        if (!ks.changed) {
            ks.changed = true;
            changed.add(key);
        }
    }

    private void after(String key, KeyState ks, boolean discard) {
        markChanged(key, ks);
        if (discard) {
            keys.remove(key);
            ks.removed = true;
        } else {
            schedule(ks);
        }
    }

    /**
     * Asks the logic when to wake it. The queue holds at most one live entry per key: a later time
     * keeps the queued entry (which re-queues itself for the later time when it comes up), an
     * earlier one queues a new entry, so a key whose deadline moves with every item costs nothing.
     */
    private void schedule(KeyState ks) {
        Instant at;
        try {
            at = logic(ks).notifyAt();
        } catch (Throwable t) {
            throw StepFailure.of(stepId, t);
        }
        if (ks.notifyAt != at) {
            // Only when it changed: a reference store into a long-lived object costs a GC barrier.
            ks.notifyAt = at;
            if (at != null) {
                ks.notifyNanos = WakeQueue.saturatingNanos(at);
            }
        }
        // The same object as queued (a logic that keeps its wake time returns it again) needs no
        // comparison: most items then read neither instant.
        if (at != null && at != ks.queuedAt) {
            long nanos = ks.notifyNanos;
            if (ks.queuedAt == null || nanos < ks.queuedNanos
                    || (nanos == ks.queuedNanos && at.isBefore(ks.queuedAt))) {
                wakes.add(at, ks.key, ks.keyPrefix, ks);
                ks.queuedAt = at;
                ks.queuedNanos = nanos;
            }
        }
    }

    /**
     * Calls {@code onNotify} for every key whose time had come when the tick began, and passes on
     * what they emitted.
     */
    void tick(Instant now) {
        emit.newBatch();
        emitted = false;
        fireDue(now);
        if (emitted) {
            next.flush();
        }
    }

    /**
     * Calls {@code onNotify} for every key whose time had come at {@code now}, earliest first and in
     * key order at the same instant; a key that asks again for a time already past is woken on the
     * next call, not in a loop here.
     */
    private void fireDue(Instant now) {
        if (ended) {
            return;
        }
        long nowNanos = WakeQueue.saturatingNanos(now);
        if (wakes.isEmpty() || !headDue(now, nowNanos)) {
            wakes.advance(now);
            return;
        }
        while (!wakes.isEmpty() && headDue(now, nowNanos)) {
            due.add(wakes.peekOwner());
            dueAt.add(wakes.peekAt());
            wakes.poll();
        }
        try {
            prefetchDue();
            for (int i = 0; i < due.size(); i++) {
                KeyState ks = due.get(i);
                if (!liveDue(i)) {
                    continue;
                }
                ks.queuedAt = null;
                if (ks.notifyAt == null) {
                    continue;
                }
                // By the nanoseconds, as headDue tells: the instant only on a tie.
                if (ks.notifyNanos > nowNanos || (ks.notifyNanos == nowNanos && ks.notifyAt.isAfter(now))) {
                    wakes.add(ks.notifyAt, ks.key, ks.keyPrefix, ks);
                    ks.queuedAt = ks.notifyAt;
                    ks.queuedNanos = ks.notifyNanos;
                    continue;
                }
                ks.notifyAt = null;
                emit.key = ks.key;
                boolean discard;
                try {
                    discard = logic(ks).onNotify(emit);
                } catch (Throwable t) {
                    throw StepFailure.of(stepId, t);
                }
                after(ks.key, ks, discard);
            }
        } finally {
            due.clear();
            dueAt.clear();
        }
        wakes.advance(now);
    }

    /**
     * Whether the queue's first wake is at or before {@code now} (in epoch nanoseconds, saturating,
     * {@code nowNanos}): told by the nanoseconds unless they are equal, so that its instant — another
     * object, made long before and out of cache when keys are many — is read only then.
     */
    private boolean headDue(Instant now, long nowNanos) {
        long at = wakes.peekNanos();
        return at < nowNanos || (at == nowNanos && !wakes.peekAt().isAfter(now));
    }

    /**
     * Reads what the calls of the keys {@link #fireDue} took will read — their states, then what
     * each live one's {@link PrefetchingLogic} reads — in passes whose reads do not wait for each
     * other, as {@link #prefetch} does for a batch's items: with many keys none of it is in cache.
     */
    private void prefetchDue() {
        int sink = 0;
        for (int i = 0; i < due.size(); i++) {
            sink += liveDue(i) ? 1 : 0;
        }
        for (int i = 0; i < due.size(); i++) {
            // Only for a live entry: a stale one (its key woken by an earlier one) calls nothing.
            if (liveDue(i) && due.get(i).logic instanceof PrefetchingLogic logic) {
                sink += logic.prefetch();
            }
        }
        prefetched += sink;
    }

    /** Whether the {@code i}-th entry {@link #fireDue} took is its key's live one ({@link #live}). */
    private boolean liveDue(int i) {
        return live(due.get(i), dueAt.get(i));
    }

    /**
     * Whether a wake-queue entry for {@code ks} at {@code at} is the key's live one: the key is not
     * discarded and has not queued another entry since.
     */
    private static boolean live(KeyState ks, Instant at) {
        return !ks.removed && at == ks.queuedAt;
    }

    /** The earliest time a key asked to be woken at, or {@code null}. */
    Instant nextWake() {
        if (ended) {
            return null;
        }
        while (!wakes.isEmpty()) {
            if (live(wakes.peekOwner(), wakes.peekAt())) {
                return wakes.peekAt();
            }
            wakes.poll();
        }
        return null;
    }

    /**
     * The end of a batch: a batch logic gets the batch's values, then the keys whose notification
     * is due by now — one the batch itself asked for included — are notified (Bytewax's order).
     */
    @Override
    void flush() {
        runPending();
        if (!wakes.isEmpty()) {
            fireDue(clock.instant());
        }
        emit.newBatch();
        next.flush();
    }

    @Override
    void barrier(long epoch) {
        runPending();
        tracker.add(epoch, snapshotChanged());
        tracker.closed(handle, epoch);
        next.barrier(epoch);
    }

    @Override
    void eof() {
        emit.newBatch();
        runPending();
        fireDue(clock.instant());
        // In key order, so that the output is the same in every run; after onEof nothing more is
        // called for the key: no notification, whatever it asked for.
        List<String> order = keys.keys();
        Collections.sort(order);
        for (String key : order) {
            KeyState ks = keys.get(key);
            emit.key = key;
            boolean discard;
            try {
                discard = logic(ks).onEof(emit);
            } catch (Throwable t) {
                throw StepFailure.of(stepId, t);
            }
            changed.add(key);
            if (discard) {
                keys.remove(key);
                ks.removed = true;
            }
        }
        ended = true;
        wakes.clear();
        next.flush();
        tracker.add(cell.epoch, snapshotChanged());
        tracker.ended(handle, cell.epoch);
        next.eof();
    }

    private List<SnapshotEntry> snapshotChanged() {
        List<SnapshotEntry> entries = new ArrayList<>(changed.size());
        for (String key : changed) {
            KeyState ks = keys.get(key);
            if (ks != null) {
                ks.changed = false;
            }
            Object state;
            try {
                state = ks == null ? null : logic(ks).snapshot();
            } catch (Throwable t) {
                throw StepFailure.of(stepId, t);
            }
            entries.add(new SnapshotEntry(stepId, key, state));
        }
        changed.clear();
        return entries;
    }
}
