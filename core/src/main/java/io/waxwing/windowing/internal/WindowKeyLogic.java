package io.waxwing.windowing.internal;

import io.waxwing.operators.StatefulLogic;
import io.waxwing.windowing.Clock;
import io.waxwing.windowing.ClockLogic;
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
 * Step.Stateful(id, input, resume -> new LogicAdapter(
 *     WindowKeyLogic.build(clock, windower, SumLogic::new, true, (WindowSnapshot) resume)));
 * }</pre>
 *
 * @param <V> input value type
 * @param <W> output value type of the window logics
 * @param <S> snapshot type of the window logics
 */
public final class WindowKeyLogic<V, W, S> implements StatefulLogic<V, WindowEvent, WindowSnapshot> {

    private record Entry<V>(V value, Instant timestamp, long seq) {
    }

    private static final Duration MIN_WAKE_DELAY = Duration.ofMillis(1);

    private static final Comparator<Entry<?>> QUEUE_ORDER =
            Comparator.<Entry<?>, Instant>comparing(Entry::timestamp).thenComparingLong(Entry::seq);

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
    private final Map<Long, WindowLogic<V, W, S>> logics = new HashMap<>();
    private final PriorityQueue<Entry<V>> queue = new PriorityQueue<>(QUEUE_ORDER);
    private final DownEmit down = new DownEmit();
    private long nextSeq;
    private Instant lastWatermark = Instant.MIN;
    /** The system time this logic last asked the engine to wake it at. */
    private Instant wake;

    private WindowKeyLogic(ClockLogic<? super V, ?> clock, WindowerLogic<?> windower,
            Function<? super S, ? extends WindowLogic<V, W, S>> builder, boolean ordered) {
        this.clock = clock;
        this.windower = windower;
        this.builder = builder;
        this.ordered = ordered;
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
                logic.logics.put(e.getKey(), logic.newWindow((S) e.getValue()));
            }
            for (WindowSnapshot.Queued q : resume.queue()) {
                logic.queue.add(new Entry<>((V) q.value(), q.timestamp(), logic.nextSeq++));
            }
        }
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
        clock.beforeBatch();
        ClockLogic.ItemTime time = clock.onItem(value);
        Instant watermark = advance(time.watermark());
        Instant timestamp = time.timestamp();
        if (timestamp == null) {
            throw new NullPointerException("the clock gave no timestamp for " + value);
        }
        if (timestamp.isBefore(watermark)) {
            for (long id : windower.lateFor(timestamp)) {
                emit.accept(new WindowEvent(WindowEvent.Kind.LATE, new Windowed<>(id, value)));
            }
        } else if (ordered) {
            queue.add(new Entry<>(value, timestamp, nextSeq++));
        } else {
            insert(value, timestamp, emit);
        }
        flush(watermark, emit);
        return discardable();
    }

    @Override
    public boolean onNotify(Consumer<? super WindowEvent> emit) {
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
        return watermark;
    }

    private void insert(V value, Instant timestamp, Consumer<? super WindowEvent> emit) {
        for (long id : windower.openFor(timestamp)) {
            WindowLogic<V, W, S> logic = logics.get(id);
            if (logic == null) {
                logic = newWindow(null);
                logics.put(id, logic);
            }
            logic.onValue(value, down.to(id, emit));
        }
    }

    /** Plays in the queued values the watermark has reached, then applies merges and closes. */
    private void flush(Instant watermark, Consumer<? super WindowEvent> emit) {
        while (!queue.isEmpty() && !queue.peek().timestamp().isAfter(watermark)) {
            Entry<V> e = queue.poll();
            insert(e.value(), e.timestamp(), emit);
        }
        for (WindowerLogic.Merge m : windower.merged()) {
            if (m.originalId() == m.targetId()) {
                continue;
            }
            WindowLogic<V, W, S> original = logics.remove(m.originalId());
            WindowLogic<V, W, S> target = logics.get(m.targetId());
            if (original == null || target == null) {
                throw new IllegalStateException("the windower merged window " + m.originalId() + " into "
                        + m.targetId() + " but " + (original == null ? m.originalId() : m.targetId())
                        + " is not open");
            }
            target.onMerge(original, down.to(m.targetId(), emit));
        }
        for (Windowed<WindowMetadata> closed : windower.closeFor(watermark)) {
            WindowLogic<V, W, S> logic = logics.remove(closed.windowId());
            if (logic == null) {
                throw new IllegalStateException("the windower closed window " + closed.windowId()
                        + ", which is not open");
            }
            logic.onClose(down.to(closed.windowId(), emit));
            emit.accept(new WindowEvent(WindowEvent.Kind.META, closed));
        }
    }

    private boolean discardable() {
        return logics.isEmpty() && queue.isEmpty() && windower.isEmpty() ? DISCARD : RETAIN;
    }

    @Override
    public Instant notifyAt() {
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
        return wake;
    }

    @Override
    public WindowSnapshot snapshot() {
        Map<Long, Object> states = new HashMap<>();
        for (Map.Entry<Long, WindowLogic<V, W, S>> e : logics.entrySet()) {
            states.put(e.getKey(), e.getValue().snapshot());
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
