package io.waxwing.windowing.internal;

import io.waxwing.internal.time.BatchTime;
import io.waxwing.operators.StatefulLogic;
import io.waxwing.windowing.Clock;
import io.waxwing.windowing.ClockLogic;
import io.waxwing.windowing.TumblingWindower;
import io.waxwing.windowing.WindowLogic;
import io.waxwing.windowing.WindowMetadata;
import io.waxwing.windowing.Windowed;
import io.waxwing.windowing.Windower;
import io.waxwing.windowing.WindowerLogic;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The state machine of one key of a window operator (Bytewax's {@code _WindowLogic}): it asks the
 * clock for each value's timestamp and the watermark, reports values older than the watermark as
 * late, feeds the others to the logics of the windows the windower puts them in (in timestamp
 * order once the watermark reaches them, when ordered), applies the windower's merges, and closes
 * the windows the watermark has passed. It works all of that out again on every callback, from its
 * own clock, so that it is right whenever the engine happens to call it; {@link #notifyAt()} only
 * says when calling it next is worthwhile: the system time the clock says the watermark reaches the
 * next window close (or queued value), kept stable from value to value where waking early is
 * harmless, and never at or before now.
 *
 * <p>Its snapshot holds the clock's, the windower's and every open window's state plus the queue;
 * it asks to be discarded when no window is open, nothing is queued and the windower agrees.
 *
 * <pre>{@code
 * Step.Stateful(id, input, resume -> Stream.cast(
 *     WindowKeyLogic.build(clock, windower, SumLogic::new, true, (WindowSnapshot) resume)));
 * }</pre>
 *
 * @param <V> input value type
 * @param <W> output value type of the window logics
 * @param <S> snapshot type of the window logics
 */
public final class WindowKeyLogic<V, W, S> implements StatefulLogic<V, WindowEvent, WindowSnapshot> {

    /** A queued value: its timestamp in epoch nanoseconds, or exactly when that does not fit. */
    private record Entry<V>(V value, long ts, Instant exact, long seq) {
        static <V> Entry<V> of(V value, Instant timestamp, long seq) {
            long ts = EpochNanos.exact(timestamp);
            return new Entry<>(value, ts, ts == EpochNanos.OUT_OF_RANGE ? timestamp : null, seq);
        }

        Instant timestamp() {
            return exact != null ? exact : EpochNanos.toInstant(ts);
        }
    }

    private static final Duration MIN_WAKE_DELAY = Duration.ofMillis(1);

    private static final long MIN_WAKE_DELAY_NANOS = MIN_WAKE_DELAY.toNanos();
    /** No wake asked for. */
    static final long NO_WAKE = Long.MIN_VALUE;

    private static final Comparator<Entry<?>> QUEUE_ORDER = (a, b) -> {
        int c = a.exact == null && b.exact == null ? Long.compare(a.ts, b.ts) : a.timestamp().compareTo(b.timestamp());
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    };

    /** Wraps what a window logic emits for window {@code windowId}; reused for every call. */
    private final class DownEmit implements Consumer<W> {
        long windowId;
        Consumer<? super WindowEvent> out;

        DownEmit to(long id, Consumer<? super WindowEvent> emit) {
            this.windowId = id;
            this.out = emit;
            return this;
        }

        @Override
        public void accept(W w) {
            out.accept(new WindowEvent(WindowEvent.Kind.DOWN, new Windowed<>(windowId, w)));
        }
    }

    private final ClockLogic<? super V, ?> clock;
    private final WindowerLogic<?> windower;
    private final Function<? super S, ? extends WindowLogic<V, W, S>> builder;
    private final boolean ordered;
    /** The clock in epoch nanoseconds, when it offers that; else {@code null}. */
    private final NanosClockLogic<? super V> nanosClock;
    /** The windower in epoch nanoseconds, when the clock and it offer that; else {@code null}. */
    private final NanosWindowerLogic nanosWindower;
    /**
     * {@code builder} when it is a fold's: each open window is then its accumulator in
     * {@link #logics}, not a logic object; else {@code null}.
     */
    private final FoldWindows<V, Object> fold;
    /** The open windows: their logics, or their accumulators for a {@link #fold}. */
    private final WindowTable<Object> logics = new WindowTable<>();
    private final PriorityQueue<Entry<V>> queue = new PriorityQueue<>(QUEUE_ORDER);
    private final DownEmit down = new DownEmit();
    private long nextSeq;
    private Instant lastWatermark = Instant.MIN;
    /** The largest watermark so far in epoch nanoseconds (saturating), on the nanosecond path. */
    private long lastWatermarkNanos = Long.MIN_VALUE;
    /** The system time this logic last asked the engine to wake it at. */
    private Instant wake;
    /** {@link #wake} in epoch nanoseconds (saturating), or {@link #NO_WAKE}. */
    private long wakeNanos = NO_WAKE;

    private WindowKeyLogic(ClockLogic<? super V, ?> clock, WindowerLogic<?> windower,
            Function<? super S, ? extends WindowLogic<V, W, S>> builder, boolean ordered) {
        this.clock = clock;
        this.windower = windower;
        this.builder = builder;
        this.ordered = ordered;
        this.fold = builder instanceof FoldWindows<?, ?> f ? castFold(f) : null;
        this.nanosClock = clock instanceof NanosClockLogic<?> n ? castClock(n) : null;
        this.nanosWindower = nanosClock != null && windower instanceof NanosWindowerLogic n ? n : null;
    }

    @SuppressWarnings("unchecked")
    private static <V> FoldWindows<V, Object> castFold(FoldWindows<?, ?> fold) {
        // Its values are this operator's V; its accumulators are only handed back to it.
        return (FoldWindows<V, Object>) fold;
    }

    @SuppressWarnings("unchecked")
    private static <V> NanosClockLogic<? super V> castClock(NanosClockLogic<?> clock) {
        // It is the same object as the ClockLogic<? super V, ?> it was built as.
        return (NanosClockLogic<? super V>) clock;
    }

    /**
     * Builds a key's state machine, from its snapshot or from scratch.
     *
     * @param ordered whether values reach the window logics in timestamp order (held back until the
     *                watermark reaches them) rather than in arrival order
     * @param resume  the key's snapshot, or {@code null} for a new key
     */
    @SuppressWarnings("unchecked")
    public static <V, W, S> WindowKeyLogic<V, W, S> build(Clock<? super V, ?> clock, Windower<?> windower,
            Function<? super S, ? extends WindowLogic<V, W, S>> builder, boolean ordered, WindowSnapshot resume) {
        ClockLogic<? super V, ?> clockLogic = buildClock(clock, resume == null ? null : resume.clockState());
        WindowerLogic<?> windowerLogic = buildWindower(windower, resume == null ? null : resume.windowerState());
        if (clockLogic == null || windowerLogic == null) {
            throw new NullPointerException("the " + (clockLogic == null ? "clock " + clock : "windower " + windower)
                    + " built a null logic");
        }
        WindowKeyLogic<V, W, S> logic = new WindowKeyLogic<>(clockLogic, windowerLogic, builder, ordered);
        if (resume != null) {
            for (Map.Entry<Long, Object> e : resume.windowStates().entrySet()) {
                logic.logics.put(e.getKey(), logic.fold != null ? logic.fold.start(e.getValue())
                        : logic.newWindow((S) e.getValue()));
            }
            for (WindowSnapshot.Queued q : resume.queue()) {
                logic.queue.add(Entry.of((V) q.value(), q.timestamp(), logic.nextSeq++));
            }
        }
        return logic;
    }

    /**
     * Builds the keys' logics of one window operator, each from its snapshot or from scratch: a
     * {@link TumblingFoldKeyLogic} (one object per key) for a fold over tumbling windows whose times
     * fit epoch nanoseconds, a {@code WindowKeyLogic} otherwise. Either gives the same events and
     * snapshots.
     *
     * <pre>{@code
     * Function<WindowSnapshot, StatefulLogic<Event, WindowEvent, WindowSnapshot>> logics =
     *     WindowKeyLogic.factory(clock, windower, builder, false);
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public static <V, W, S> Function<WindowSnapshot, StatefulLogic<V, WindowEvent, WindowSnapshot>> factory(
            Clock<? super V, ?> clock, Windower<?> windower, Function<? super S, ? extends WindowLogic<V, W, S>> builder,
            boolean ordered) {
        if (builder instanceof FoldWindows<?, ?> fold && windower instanceof TumblingWindower tumbling) {
            TumblingFoldKeyLogic.Shape<V, Object> shape = TumblingFoldKeyLogic.Shape.of(clock, tumbling,
                    (FoldWindows<V, Object>) fold, ordered);
            if (shape != null) {
                return resume -> TumblingFoldKeyLogic.build(shape, resume);
            }
        }
        return resume -> build(clock, windower, builder, ordered, resume);
    }

    /**
     * A logic that continues where a {@link TumblingFoldKeyLogic} stopped: the same clock logic, the
     * windower with {@code ids} open, their accumulators, the queued values (in order) and the wake
     * it last asked for.
     */
    static <V, A> WindowKeyLogic<V, A, A> handOver(ClockLogic<? super V, ?> clock, WindowerLogic<?> windower,
            FoldWindows<V, A> fold, boolean ordered, long[] ids, Object[] accs, List<Object> queuedValues,
            List<Instant> queuedTimes, long lastWatermarkNanos, Instant wake, long wakeNanos) {
        WindowKeyLogic<V, A, A> logic = new WindowKeyLogic<>(clock, windower, fold, ordered);
        for (int i = 0; i < ids.length; i++) {
            logic.logics.put(ids[i], accs[i]);
        }
        for (int i = 0; i < queuedValues.size(); i++) {
            @SuppressWarnings("unchecked")
            V value = (V) queuedValues.get(i);
            logic.queue.add(Entry.of(value, queuedTimes.get(i), logic.nextSeq++));
        }
        logic.lastWatermarkNanos = lastWatermarkNanos;
        logic.lastWatermark = lastWatermarkNanos == Long.MIN_VALUE ? Instant.MIN : EpochNanos.toInstant(lastWatermarkNanos);
        logic.wake = wake;
        logic.wakeNanos = wakeNanos;
        return logic;
    }

    @SuppressWarnings("unchecked")
    private static <T, C> ClockLogic<T, C> buildClock(Clock<T, C> clock, Object state) {
        return clock.build((C) state);
    }

    @SuppressWarnings("unchecked")
    private static <C> WindowerLogic<C> buildWindower(Windower<C> windower, Object state) {
        return windower.build((C) state);
    }

    private WindowLogic<V, W, S> newWindow(S resume) {
        WindowLogic<V, W, S> logic = builder.apply(resume);
        if (logic == null) {
            throw new NullPointerException("the window logic builder returned null instead of a WindowLogic");
        }
        return logic;
    }

    @Override
    public boolean onItem(V value, Consumer<? super WindowEvent> emit) {
        beforeBatch(emit);
        if (nanosClock != null) {
            long ts = nanosClock.onItemNanos(value);
            long watermark = nanosClock.watermarkNanos();
            if (nanosWindower != null && ts != EpochNanos.OUT_OF_RANGE && watermark != Long.MAX_VALUE) {
                onItemNanos(value, ts, advanceNanos(watermark), emit);
            } else {
                onTimedItem(value, ts == EpochNanos.OUT_OF_RANGE ? nanosClock.lastTimestamp() : EpochNanos.toInstant(ts),
                        advance(nanosClock.watermark()), emit);
            }
            return discardable();
        }
        ClockLogic.ItemTime time = clock.onItem(value);
        Instant watermark = advance(time.watermark());
        Instant timestamp = time.timestamp();
        if (timestamp == null) {
            throw new NullPointerException("the clock gave no timestamp for " + value);
        }
        onTimedItem(value, timestamp, watermark, emit);
        return discardable();
    }

    /**
     * A value whose timestamp and watermark fit epoch nanoseconds: the same steps as
     * {@link #onTimedItem}, with no {@code Instant} made and no {@code java.time} arithmetic.
     */
    private void onItemNanos(V value, long ts, long watermark, Consumer<? super WindowEvent> emit) {
        if (ts < watermark) {
            long first = nanosWindower.firstFor(ts);
            if (first == EpochNanos.OUT_OF_RANGE) {
                for (long id : windower.lateFor(EpochNanos.toInstant(ts))) {
                    emit.accept(new WindowEvent(WindowEvent.Kind.LATE, new Windowed<>(id, value)));
                }
            } else {
                for (long id = first, last = nanosWindower.lastFor(ts); id <= last; id++) {
                    emit.accept(new WindowEvent(WindowEvent.Kind.LATE, new Windowed<>(id, value)));
                }
            }
        } else if (ordered) {
            queue.add(new Entry<>(value, ts, null, nextSeq++));
        } else {
            insertNanos(value, ts, emit);
        }
        flushNanos(watermark, emit);
    }

    /** {@link #flush} for a watermark that fits epoch nanoseconds ({@link Long#MIN_VALUE}: before them). */
    private void flushNanos(long watermark, Consumer<? super WindowEvent> emit) {
        // Play in the queued values the watermark has reached; the watermark fits, so comparing
        // nanoseconds is exact.
        // Unordered, nothing is ever queued: do not even look at the queue (one object less per value).
        while (ordered && !queue.isEmpty() && (queue.peek().exact == null ? queue.peek().ts <= watermark
                : !queue.peek().exact.isAfter(nanosClock.watermark()))) {
            Entry<V> e = queue.poll();
            if (e.exact == null) {
                insertNanos(e.value(), e.ts(), emit);
            } else {
                insert(e.value(), e.exact(), emit);
            }
        }
        applyMerges(emit);
        long close = nanosWindower.firstCloseNanos();
        if (close == Long.MAX_VALUE) {
            return;
        }
        if (close != EpochNanos.OUT_OF_RANGE && watermark != Long.MIN_VALUE) {
            // What closeFor(watermark) closes, earliest first, without a list or an Instant.
            while (close <= watermark) {
                long id = nanosWindower.closeFirst();
                closeWindow(id, null, emit);
                close = nanosWindower.firstCloseNanos();
                if (close == Long.MAX_VALUE) {
                    return;
                }
                if (close == EpochNanos.OUT_OF_RANGE) {
                    close(nanosClock.watermark(), emit);
                    return;
                }
            }
        } else {
            close(nanosClock.watermark(), emit);
        }
    }

    private void insertNanos(V value, long ts, Consumer<? super WindowEvent> emit) {
        long first = nanosWindower.firstFor(ts);
        if (first == EpochNanos.OUT_OF_RANGE) {
            insert(value, EpochNanos.toInstant(ts), emit);
            return;
        }
        long last = nanosWindower.lastFor(ts);
        nanosWindower.open(first, last);
        for (long id = first; id <= last; id++) {
            feed(id, value, emit);
        }
    }

    private long advanceNanos(long watermark) {
        requireForward(lastWatermarkNanos, watermark);
        lastWatermarkNanos = watermark;
        return watermark;
    }

    /** Refuses a watermark, in epoch nanoseconds, that went back from {@code last}. */
    static void requireForward(long last, long watermark) {
        if (watermark < last) {
            throw new IllegalStateException("the clock's watermark went backwards, from " + EpochNanos.toInstant(last)
                    + " to " + EpochNanos.toInstant(watermark) + "; a clock's watermarks must never decrease");
        }
    }

    private void onTimedItem(V value, Instant timestamp, Instant watermark, Consumer<? super WindowEvent> emit) {
        if (timestamp.isBefore(watermark)) {
            for (long id : windower.lateFor(timestamp)) {
                emit.accept(new WindowEvent(WindowEvent.Kind.LATE, new Windowed<>(id, value)));
            }
        } else if (ordered) {
            queue.add(Entry.of(value, timestamp, nextSeq++));
        } else {
            insert(value, timestamp, emit);
        }
        flush(watermark, emit);
    }

    @Override
    public boolean onNotify(Consumer<? super WindowEvent> emit) {
        if (nanosWindower != null) {
            // What the clock's onNotify does: read the system time, then the watermark.
            beforeBatch(emit);
            long watermark = nanosClock.watermarkNanos();
            if (watermark != Long.MAX_VALUE) {
                flushNanos(advanceNanos(watermark), emit);
                return discardable();
            }
        }
        flush(advance(clock.onNotify()), emit);
        return discardable();
    }

    @Override
    public boolean onEof(Consumer<? super WindowEvent> emit) {
        flush(advance(clock.onEof()), emit);
        return discardable();
    }

    private Instant advance(Instant watermark) {
        if (watermark == null) {
            throw new NullPointerException("the clock returned a null watermark");
        }
        if (watermark.isBefore(lastWatermark)) {
            throw new IllegalStateException("the clock's watermark went backwards, from " + lastWatermark + " to "
                    + watermark + "; a clock's watermarks must never decrease");
        }
        lastWatermark = watermark;
        lastWatermarkNanos = Math.max(lastWatermarkNanos, EpochNanos.saturating(watermark));
        return watermark;
    }

    private void insert(V value, Instant timestamp, Consumer<? super WindowEvent> emit) {
        for (long id : windower.openFor(timestamp)) {
            feed(id, value, emit);
        }
    }

    private void feed(long id, V value, Consumer<? super WindowEvent> emit) {
        if (fold != null) {
            int i = logics.indexOf(id);
            if (i >= 0) {
                logics.setAt(i, fold.fold(logics.logicAt(i), value));
            } else {
                logics.insertAt(-i - 1, id, fold.fold(fold.start(null), value));
            }
            return;
        }
        WindowLogic<V, W, S> logic = logicOf(logics.get(id));
        if (logic == null) {
            logic = newWindow(null);
            logics.put(id, logic);
        }
        logic.onValue(value, down.to(id, emit));
    }

    @SuppressWarnings("unchecked")
    private WindowLogic<V, W, S> logicOf(Object logic) {
        // Without a fold, the table holds only logics this builder built.
        return (WindowLogic<V, W, S>) logic;
    }

    /** Plays in the queued values the watermark has reached, then applies merges and closes. */
    private void flush(Instant watermark, Consumer<? super WindowEvent> emit) {
        while (!queue.isEmpty() && !queue.peek().timestamp().isAfter(watermark)) {
            Entry<V> e = queue.poll();
            insert(e.value(), e.timestamp(), emit);
        }
        applyMerges(emit);
        close(watermark, emit);
    }

    private void applyMerges(Consumer<? super WindowEvent> emit) {
        for (WindowerLogic.Merge m : windower.merged()) {
            if (m.originalId() == m.targetId()) {
                continue;
            }
            int o = logics.indexOf(m.originalId());
            int t = logics.indexOf(m.targetId());
            if (o < 0 || t < 0) {
                throw new IllegalStateException("the windower merged window " + m.originalId() + " into "
                        + m.targetId() + " but " + (o < 0 ? m.originalId() : m.targetId())
                        + " is not open");
            }
            if (fold != null) {
                logics.setAt(t, fold.merge(logics.logicAt(t), logics.logicAt(o)));
                logics.remove(m.originalId());
            } else {
                WindowLogic<V, W, S> original = logicOf(logics.remove(m.originalId()));
                logicOf(logics.get(m.targetId())).onMerge(original, down.to(m.targetId(), emit));
            }
        }
    }

    private void close(Instant watermark, Consumer<? super WindowEvent> emit) {
        for (Windowed<WindowMetadata> closed : windower.closeFor(watermark)) {
            closeWindow(closed, emit);
        }
    }

    private void closeWindow(Windowed<WindowMetadata> closed, Consumer<? super WindowEvent> emit) {
        closeWindow(closed.windowId(), closed, emit);
    }

    /**
     * Removes window {@code id}'s logic (or accumulator) and emits what it emits on close, then the
     * window's metadata ({@code closed}, or when {@code null} built from the nanosecond windower
     * when read): for a fold, both in one {@link WindowEvent.Kind#CLOSED} event.
     */
    private void closeWindow(long id, Windowed<WindowMetadata> closed, Consumer<? super WindowEvent> emit) {
        int i = logics.indexOf(id);
        if (i < 0) {
            throw new IllegalStateException("the windower closed window " + id + ", which is not open");
        }
        Object logic = logics.removeAt(i);
        if (fold != null) {
            Windowed<?> down = new Windowed<>(id, logic);
            emit.accept(closed != null ? WindowEvent.closed(down, closed) : WindowEvent.closed(down, nanosWindower));
        } else {
            logicOf(logic).onClose(down.to(id, emit));
            emit.accept(closed != null ? new WindowEvent(WindowEvent.Kind.META, closed)
                    : WindowEvent.meta(id, nanosWindower));
        }
    }

    private boolean discardable() {
        return logics.isEmpty() && queue.isEmpty() && windower.isEmpty() ? DISCARD : RETAIN;
    }

    @Override
    public Instant notifyAt() {
        if (nanosWindower != null) {
            long due = nanosWindower.firstCloseNanos();
            if (due != EpochNanos.OUT_OF_RANGE && ordered && !queue.isEmpty()) {
                Entry<V> head = queue.peek();
                due = head.exact != null ? EpochNanos.OUT_OF_RANGE : Math.min(due, head.ts);
            }
            if (due != EpochNanos.OUT_OF_RANGE) {
                return notifyAtNanos(due);
            }
        }
        Instant due = windower.notifyAt();
        if (ordered && !queue.isEmpty()) {
            // A queued value must be played in once the watermark reaches it, even if no other
            // value arrives.
            Instant next = queue.peek().timestamp();
            due = due == null || next.isBefore(due) ? next : due;
        }
        Instant exact = due == null ? null : clock.toSystemUtc(due);
        if (exact == null) {
            wake = null;
            wakeNanos = NO_WAKE;
            return null;
        }
        Instant now = InstantSource.system().instant();
        if (wake == null || !wake.isAfter(now)) {
            wake = exact;
        } else if (exact.isBefore(wake)) {
            // Needed earlier than asked: ask for a sixteenth of the remaining time earlier still.
            // A due time that creeps earlier with every value (event time running faster than
            // system time, or jitter) then moves the wake a logarithmic number of times per window
            // rather than once per value; each move leaves an entry in the engine's wake queue.
            wake = exact.minus(Duration.between(now, exact).dividedBy(16));
        }
        // Otherwise keep the earlier wake: waking early only makes this logic check and ask again.
        if (!wake.isAfter(now)) {
            // Never at or before now: the engine would call back at once, again and again, if the
            // clock thinks something is due that the windower does not close yet.
            wake = now.plus(MIN_WAKE_DELAY);
        }
        wakeNanos = EpochNanos.saturating(wake);
        return wake;
    }

    /** {@link #notifyAt()} in epoch nanoseconds, for a due watermark that fits: the same steps. */
    private Instant notifyAtNanos(long due) {
        long next = nextWakeNanos(wakeNanos, due, nanosClock);
        if (next == NO_WAKE) {
            wake = null;
            wakeNanos = NO_WAKE;
        } else if (next != wakeNanos || wake == null) {
            wakeNanos = next;
            wake = EpochNanos.toInstant(next);
        }
        return wake;
    }

    /** The clock's {@code beforeBatch}, with the batch's system time when the engine gives one. */
    private void beforeBatch(Consumer<?> emit) {
        if (nanosClock != null) {
            nanosClock.beforeBatch(batchNanos(emit));
        } else {
            clock.beforeBatch();
        }
    }

    /**
     * The system time the engine read for this batch, from its emitter ({@link BatchTime}), or
     * read now when the caller is not the engine (a test driving a logic by hand).
     */
    static long batchNanos(Consumer<?> emit) {
        return emit instanceof BatchTime batch ? batch.systemNanos() : BatchTime.readSystemNanos();
    }

    /**
     * The system time to be woken at next, in epoch nanoseconds ({@link #NO_WAKE}: never), for a
     * logic that asked for {@code current} and whose clock's watermark must reach {@code due}
     * ({@link Long#MAX_VALUE}: nothing due): keep an earlier wake, creep towards an earlier need by
     * a sixteenth of the time left, never at or before now. Shared with {@link TumblingFoldKeyLogic}.
     */
    static long nextWakeNanos(long current, long due, NanosClockLogic<?> clock) {
        if (due == Long.MAX_VALUE) {
            return NO_WAKE;
        }
        long now = clock.nowNanos();
        long exact = clock.toSystemNanos(due, now);
        if (exact == Long.MAX_VALUE) {
            return NO_WAKE;
        }
        long next = current;
        if (next == NO_WAKE || next <= now) {
            next = exact;
        } else if (exact < next) {
            next = exact - (exact - now) / 16;
        }
        if (next <= now) {
            next = now + MIN_WAKE_DELAY_NANOS;
        }
        return next;
    }

    @Override
    public WindowSnapshot snapshot() {
        Map<Long, Object> states = new HashMap<>();
        for (int i = 0; i < logics.size(); i++) {
            Object window = logics.logicAt(i);
            states.put(logics.idAt(i), fold != null ? window : logicOf(window).snapshot());
        }
        List<Entry<V>> entries = new ArrayList<>(queue);
        entries.sort(QUEUE_ORDER);
        List<WindowSnapshot.Queued> queued = new ArrayList<>(entries.size());
        for (Entry<V> e : entries) {
            queued.add(new WindowSnapshot.Queued(e.value(), e.timestamp()));
        }
        return new WindowSnapshot(clock.snapshot(), windower.snapshot(), states, queued);
    }
}
