package io.waxwing.engine;

import io.waxwing.engine.recovery.SnapshotEntry;
import io.waxwing.engine.recovery.KeyFilter;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.dataflow.KV;
import io.waxwing.errors.WaxwingRuntimeException;
import io.waxwing.internal.graph.BatchedLogic;
import io.waxwing.internal.graph.Emit;
import io.waxwing.internal.graph.KeyedLogicFactory;
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

    private final String stepId;
    private final KeyedLogicFactory factory;
    private final Pipe next;
    private final EpochTracker tracker;
    private final int handle;
    private final EpochCell cell;
    /** Each key's logic and bookkeeping (wake times, changed since the last snapshot). */
    private final KeyTable<StatefulLogic<Object, Object, Object>> keys = new KeyTable<>();
    private final Set<String> changed = new HashSet<>();
    /**
     * Ordered by time, then by key: keys due at the same instant are woken in key order. An entry's
     * owner is the key's logic, so an entry of a key that was discarded (and perhaps made again) is
     * recognised as stale.
     */
    private final WakeQueue<Object> wakes = new WakeQueue<>();
    /** The entries {@link #fireDue} takes from the queue, reused: key, time and owner. */
    private final List<String> dueKeys = new ArrayList<>();
    private final List<Instant> dueAt = new ArrayList<>();
    private final List<Object> dueOwners = new ArrayList<>();
    private final KeyedEmit emit = new KeyedEmit();
    private final InstantSource clock;
    /** For a batch logic ({@link KeyedLogicFactory#batched()}): the values of the current batch by key. */
    private final TreeMap<String, List<Object>> pending;
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
            schedule(keys.put(e.getKey(), build(e.getValue())));
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
        return logic;
    }

    @Override
    public void push(Object item) {
        if (!(item instanceof KV<?> kv)) {
            throw notKeyed(stepId, item);
        }
        String key = kv.key();
        if (pending != null) {
            pending.computeIfAbsent(key, k -> new ArrayList<>()).add(kv.value());
            return;
        }
        int slot = slotOf(key);
        emit.key = key;
        boolean discard;
        try {
            discard = keys.logic(slot).onItem(kv.value(), emit);
        } catch (Throwable t) {
            throw StepFailure.of(stepId, t);
        }
        after(key, slot, discard);
    }

    /** The slot of {@code key}, with a new logic when it has none. */
    private int slotOf(String key) {
        int slot = keys.find(key);
        return slot >= 0 ? slot : keys.put(key, build(null));
    }

    /** A batch logic's {@code onBatch} for each key of the batch that ends, in key order. */
    private void runPending() {
        if (pending == null || pending.isEmpty()) {
            return;
        }
        for (Map.Entry<String, List<Object>> e : pending.entrySet()) {
            String key = e.getKey();
            int slot = slotOf(key);
            emit.key = key;
            boolean discard;
            try {
                discard = ((BatchedLogic) keys.logic(slot)).onBatch(e.getValue(), emit);
            } catch (Throwable t) {
                throw StepFailure.of(stepId, t);
            }
            after(key, slot, discard);
        }
        pending.clear();
    }

    /** The error for an item that is not a {@code KV} reaching a step that needs keys. */
    static WaxwingRuntimeException notKeyed(String stepId, Object item) {
        return new WaxwingRuntimeException(stepId, "it needs a keyed stream of KV items but got "
                + (item == null ? "null" : item.getClass().getName()) + "; key the stream with keyOn first", null);
    }

    /** After a call to the logic in {@code slot}: the key changed, and is discarded or asked when to wake. */
    private void after(String key, int slot, boolean discard) {
        if (keys.markChanged(slot)) {
            changed.add(key);
        }
        if (discard) {
            // Its entries in the wake queue are stale from now on: its logic is no slot's.
            keys.remove(key);
        } else {
            schedule(slot);
        }
    }

    /**
     * Asks the logic when to wake it. The queue holds at most one live entry per key: a later time
     * keeps the queued entry (which re-queues itself for the later time when it comes up), an
     * earlier one queues a new entry, so a key whose deadline moves with every item costs nothing.
     */
    private void schedule(int slot) {
        Instant at;
        try {
            at = keys.logic(slot).notifyAt();
        } catch (Throwable t) {
            throw StepFailure.of(stepId, t);
        }
        if (keys.notifyAt(slot) != at) {
            // Only when it changed: a reference store into a long-lived array costs a GC barrier.
            keys.setNotifyAt(slot, at);
        }
        // The same object as queued (a logic that keeps its wake time returns it again) needs no
        // comparison: most items then read neither instant.
        Instant queuedAt = keys.queuedAt(slot);
        if (at != null && at != queuedAt) {
            long nanos = WakeQueue.saturatingNanos(at);
            long queuedNanos = keys.queuedNanos(slot);
            if (queuedAt == null || nanos < queuedNanos || (nanos == queuedNanos && at.isBefore(queuedAt))) {
                queue(slot, at, nanos);
            }
        }
    }

    /** Queues a wake of the key in {@code slot} at {@code at}, its live entry from now on. */
    private void queue(int slot, Instant at, long nanos) {
        wakes.add(at, keys.key(slot), keys.keyPrefix(slot), keys.logic(slot));
        keys.setQueued(slot, at, nanos);
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
        if (wakes.isEmpty() || wakes.peekAt().isAfter(now)) {
            wakes.advance(now);
            return;
        }
        while (!wakes.isEmpty() && !wakes.peekAt().isAfter(now)) {
            dueKeys.add(wakes.peekKey());
            dueAt.add(wakes.peekAt());
            dueOwners.add(wakes.peekOwner());
            wakes.poll();
        }
        try {
            for (int i = 0; i < dueKeys.size(); i++) {
                String key = dueKeys.get(i);
                int slot = liveSlot(key, dueAt.get(i), dueOwners.get(i));
                if (slot < 0) {
                    continue;
                }
                keys.setQueued(slot, null, 0);
                Instant notifyAt = keys.notifyAt(slot);
                if (notifyAt == null) {
                    continue;
                }
                if (notifyAt.isAfter(now)) {
                    queue(slot, notifyAt, WakeQueue.saturatingNanos(notifyAt));
                    continue;
                }
                keys.setNotifyAt(slot, null);
                emit.key = key;
                boolean discard;
                try {
                    discard = keys.logic(slot).onNotify(emit);
                } catch (Throwable t) {
                    throw StepFailure.of(stepId, t);
                }
                after(key, slot, discard);
            }
        } finally {
            dueKeys.clear();
            dueAt.clear();
            dueOwners.clear();
        }
        wakes.advance(now);
    }

    /** The earliest time a key asked to be woken at, or {@code null}. */
    Instant nextWake() {
        if (ended) {
            return null;
        }
        while (!wakes.isEmpty()) {
            if (liveSlot(wakes.peekKey(), wakes.peekAt(), wakes.peekOwner()) >= 0) {
                return wakes.peekAt();
            }
            wakes.poll();
        }
        return null;
    }

    /**
     * The slot of the key of a wake entry at {@code at} owned by {@code owner}, or -1 when the
     * entry is stale: its key was discarded since (its logic is no longer the slot's) or its live
     * entry is another.
     */
    private int liveSlot(String key, Instant at, Object owner) {
        int slot = keys.find(key);
        return slot >= 0 && keys.logic(slot) == owner && keys.queuedAt(slot) == at ? slot : -1;
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
            int slot = keys.find(key);
            emit.key = key;
            boolean discard;
            try {
                discard = keys.logic(slot).onEof(emit);
            } catch (Throwable t) {
                throw StepFailure.of(stepId, t);
            }
            changed.add(key);
            if (discard) {
                keys.remove(key);
            } else {
                keys.markChanged(slot);
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
            int slot = keys.find(key);
            if (slot >= 0) {
                keys.clearChanged(slot);
            }
            Object state;
            try {
                state = slot < 0 ? null : keys.logic(slot).snapshot();
            } catch (Throwable t) {
                throw StepFailure.of(stepId, t);
            }
            entries.add(new SnapshotEntry(stepId, key, state));
        }
        changed.clear();
        return entries;
    }
}
