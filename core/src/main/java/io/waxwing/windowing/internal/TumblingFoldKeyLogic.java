package io.waxwing.windowing.internal;

import io.waxwing.internal.prefetch.PrefetchingLogic;
import io.waxwing.operators.StatefulLogic;
import io.waxwing.windowing.BoundedOutOfOrdernessClock;
import io.waxwing.windowing.Clock;
import io.waxwing.windowing.EventClock;
import io.waxwing.windowing.SlidingWindower;
import io.waxwing.windowing.TumblingWindower;
import io.waxwing.windowing.WindowMetadata;
import io.waxwing.windowing.Windowed;
import io.waxwing.windowing.WindowerLogic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One key of {@code foldWindow} over tumbling windows with an event-time clock, the most common
 * window job, as one object: the open windows' ids and accumulators and the values an ordered
 * operator holds back live in this logic's own arrays, where {@link WindowKeyLogic} spreads them over
 * a windower logic, a window table and a priority queue (each with arrays of their own), and the
 * key's clock state is this object's too (it is an {@link EventClockState}), where it would be a
 * clock logic of its own. A value then touches this object and its arrays, and no {@code java.time}
 * object. It is used with the event clocks ({@link EventClock}, {@link BoundedOutOfOrdernessClock}).
 *
 * <p>It does exactly what {@link WindowKeyLogic} does for the same clock, windower and fold — the
 * same events in the same order and the same snapshots for the same calls, so either resumes the
 * other's — as long as every time involved fits epoch nanoseconds (1677–2262). The first time one
 * does not (a timestamp, a watermark or a window bound outside that range), it hands its state to
 * a {@link WindowKeyLogic} and forwards every later call to it. Only its wake times may be later:
 * an ordered key holding back a value asks to be woken at the close of the value's window, where
 * the general logic asks at the value's own time (to play it in, which emits nothing).
 *
 * <pre>{@code
 * var sums = new FoldWindows<Event, Long>(() -> 0L, (acc, e) -> acc + e.value(), Long::sum);
 * var logics = WindowKeyLogic.factory(EventClock.ofEpochMillis(Event::ts, Duration.ofMillis(50)),
 *     new TumblingWindower(Duration.ofSeconds(10), Instant.EPOCH), sums, false);
 * StatefulLogic<Event, WindowEvent, WindowSnapshot> logic = logics.apply(null);  // a TumblingFoldKeyLogic
 * }</pre>
 *
 * @param <V> input value type
 * @param <A> accumulator type
 */
final class TumblingFoldKeyLogic<V, A> extends EventClockState<V>
        implements StatefulLogic<V, WindowEvent, WindowSnapshot>, PrefetchingLogic {

    /** What every key of one operator shares: the definitions, the clock's and the window arithmetic. */
    static final class Shape<V, A> {
        final Clock<? super V, ?> clock;
        final Settings<V> clockSettings;
        final TumblingWindower windower;
        final FoldWindows<V, A> fold;
        final boolean ordered;
        final long lengthNanos;
        final long alignNanos;
        /** Gives a closed window's metadata (a function of its id alone); read-only, so shared. */
        final NanosWindowerLogic metadata;

        private Shape(Clock<? super V, ?> clock, Settings<V> clockSettings, TumblingWindower windower,
                FoldWindows<V, A> fold, boolean ordered, long lengthNanos, long alignNanos) {
            this.clock = clock;
            this.clockSettings = clockSettings;
            this.windower = windower;
            this.fold = fold;
            this.ordered = ordered;
            this.lengthNanos = lengthNanos;
            this.alignNanos = alignNanos;
            this.metadata = (NanosWindowerLogic) windower.build(null);
        }

        /**
         * The shape for these definitions, or {@code null} when the clock is not an event clock or
         * the windows do not fit epoch nanoseconds.
         */
        @SuppressWarnings("unchecked")
        static <V, A> Shape<V, A> of(Clock<? super V, ?> clock, TumblingWindower windower, FoldWindows<V, A> fold,
                boolean ordered) {
            // A key's logic from scratch, for what every key of the clock shares: the event clocks
            // are records of their definitions, whose logics are all alike.
            if (!(clock instanceof EventClock<?> || clock instanceof BoundedOutOfOrdernessClock<?>)
                    || !(clock.build(null) instanceof EventClockState<?> prototype)) {
                return null;
            }
            long length;
            try {
                length = windower.length().toNanos();
            } catch (ArithmeticException tooLong) {
                return null;
            }
            long align = EpochNanos.exact(windower.alignTo());
            if (align == EpochNanos.OUT_OF_RANGE || !(windower.build(null) instanceof NanosWindowerLogic)) {
                return null;
            }
            return new Shape<>(clock, (Settings<V>) prototype.settings(), windower, fold, ordered, length, align);
        }

        /** The window holding {@code ts}, or {@link EpochNanos#OUT_OF_RANGE}. */
        long idFor(long ts) {
            long since = ts - alignNanos;
            if (((ts ^ alignNanos) & (ts ^ since)) < 0) {
                return EpochNanos.OUT_OF_RANGE;
            }
            return Math.floorDiv(since, lengthNanos);
        }

        /** The close time of window {@code id}, or {@link EpochNanos#OUT_OF_RANGE}. */
        long closeOf(long id) {
            long hi = Math.multiplyHigh(id, lengthNanos);
            long open = id * lengthNanos;
            if ((hi != 0 || open < 0) && (hi != -1 || open >= 0)) {
                return EpochNanos.OUT_OF_RANGE;
            }
            long at = open + alignNanos;
            long close = at + lengthNanos;
            if (((open ^ at) & (alignNanos ^ at)) < 0 || ((at ^ close) & (lengthNanos ^ close)) < 0
                    || close == Long.MAX_VALUE) {
                return EpochNanos.OUT_OF_RANGE;
            }
            return close;
        }
    }


    private final Shape<V, A> shape;
    /**
     * The open windows' ids, ascending, and their accumulators: the first two in fields (a key
     * rarely has more open), all of them in {@link #ids} and {@link #accs} once a third opened.
     */
    private long id0;
    private long id1;
    private Object acc0;
    private Object acc1;
    private long[] ids;
    private Object[] accs;
    private int count;
    /**
     * Held-back values of an ordered operator, by timestamp then arrival: the first in fields (a key
     * rarely holds back more than one), all of them in {@code [head, head + queued)} of the arrays
     * while two or more are held (from when a second comes until the last is played in).
     */
    private long ts0;
    private Object value0;
    private long[] queuedTs;
    private Object[] queuedValues;
    private int head;
    private int queued;
    private long lastWatermarkNanos = Long.MIN_VALUE;
    private Instant wake;
    private long wakeNanos = WindowKeyLogic.NO_WAKE;
    /** Set once a time left epoch nanoseconds: every call goes to it from then on. */
    private WindowKeyLogic<V, A, A> general;

    private TumblingFoldKeyLogic(Shape<V, A> shape, EventClock.State clockResume) {
        super(shape.clockSettings, clockResume);
        this.shape = shape;
    }

    /**
     * A key's logic from its snapshot or from scratch: this class when the snapshot's clock state is
     * an event clock's and its times fit epoch nanoseconds, a {@link WindowKeyLogic} otherwise.
     */
    static <V, A> StatefulLogic<V, WindowEvent, WindowSnapshot> build(Shape<V, A> shape, WindowSnapshot resume) {
        Object clockState = resume == null ? null : resume.clockState();
        if (clockState != null && !(clockState instanceof EventClock.State)) {
            return general(shape, resume);
        }
        TumblingFoldKeyLogic<V, A> logic = new TumblingFoldKeyLogic<>(shape, (EventClock.State) clockState);
        if (resume != null && !logic.resume(resume)) {
            return general(shape, resume);
        }
        return logic;
    }

    private static <V, A> WindowKeyLogic<V, A, A> general(Shape<V, A> shape, WindowSnapshot resume) {
        return WindowKeyLogic.build(shape.clock, shape.windower, shape.fold, shape.ordered, resume);
    }

    /** Takes the windows and queue of a snapshot; {@code false} when one of its times does not fit. */
    @SuppressWarnings("unchecked")
    private boolean resume(WindowSnapshot snapshot) {
        Object windowerState = snapshot.windowerState();
        if (!(windowerState instanceof SlidingWindower.State opened)
                || !opened.opened().keySet().equals(snapshot.windowStates().keySet())) {
            return false;
        }
        for (Map.Entry<Long, Object> e : snapshot.windowStates().entrySet()) {
            if (shape.closeOf(e.getKey()) == EpochNanos.OUT_OF_RANGE) {
                return false;
            }
            openAt(count, e.getKey(), shape.fold.start((A) e.getValue()));
        }
        for (WindowSnapshot.Queued q : snapshot.queue()) {
            long ts = EpochNanos.exact(q.timestamp());
            if (ts == EpochNanos.OUT_OF_RANGE || shape.idFor(ts) == EpochNanos.OUT_OF_RANGE
                    || shape.closeOf(shape.idFor(ts)) == EpochNanos.OUT_OF_RANGE) {
                return false;
            }
            enqueue(ts, q.value());
        }
        return true;
    }

    @Override
    public boolean onItem(V value, Consumer<? super WindowEvent> emit) {
        if (general != null) {
            return general.onItem(value, emit);
        }
        beforeBatch(WindowKeyLogic.batchNanos(emit));
        long ts = onItemNanos(value);
        long watermark = watermarkNanos();
        long id = ts == EpochNanos.OUT_OF_RANGE ? EpochNanos.OUT_OF_RANGE : shape.idFor(ts);
        if (watermark == Long.MAX_VALUE || id == EpochNanos.OUT_OF_RANGE
                || shape.closeOf(id) == EpochNanos.OUT_OF_RANGE) {
            // The clock has taken the value already; doing so again does not change it.
            return handOver().onItem(value, emit);
        }
        advance(watermark);
        if (ts < watermark) {
            emit.accept(new WindowEvent(WindowEvent.Kind.LATE, new Windowed<>(id, value)));
            flush(watermark, emit);
            return discardable();
        }
        // What the watermark has reached goes first, as it would after taking this value: the
        // held-back values it reached are played in and the windows it passed close. This value's
        // window closes after its timestamp, so after the watermark: it is not among them. Then a
        // key's one held-back value and its one open window (the usual case) stay in the fields,
        // where taking the value first would make them two.
        flush(watermark, emit);
        if (shape.ordered && ts > watermark) {
            enqueue(ts, value);
        } else {
            // At the watermark, an ordered operator's value would be queued behind everything it
            // holds (all of it later) and played in at once.
            fold(id, value);
        }
        return discardable();
    }

    /**
     * Reads what an item's call reads: this object's fields (about 150 bytes, over three cache
     * lines), the earliest held-back value, and the first window's id and accumulator (in the
     * arrays, once a key had a third window). Not the wake instant {@code notifyAt} returns: the
     * step keeps its time beside it.
     */
    @Override
    public int prefetch() {
        Object held = queued == 0 ? null : queuedTs == null ? value0 : queuedValues[head];
        Object acc = ids == null ? acc0 : accs[0];
        long id = ids == null ? id0 : ids[0];
        return classOf(held) + classOf(acc) + count + (int) wakeNanos + (int) id + (general == null ? 0 : 1)
                + (int) lastWatermarkNanos + (wake == null ? 0 : 1);
    }

    /** Reads {@code o}'s header: 0 for {@code null}, else 1 or 2. */
    private static int classOf(Object o) {
        return o == null ? 0 : o.getClass() == Long.class ? 1 : 2;
    }

    @Override
    public boolean onNotify(Consumer<? super WindowEvent> emit) {
        if (general != null) {
            return general.onNotify(emit);
        }
        beforeBatch(WindowKeyLogic.batchNanos(emit));
        long watermark = watermarkNanos();
        if (watermark == Long.MAX_VALUE) {
            return handOver().onNotify(emit);
        }
        flush(advance(watermark), emit);
        return discardable();
    }

    @Override
    public boolean onEof(Consumer<? super WindowEvent> emit) {
        if (general != null) {
            return general.onEof(emit);
        }
        // An event clock's end of input is the end of time.
        lastWatermarkNanos = Long.MAX_VALUE;
        // Every queued value is played in and every window closes: what a watermark past all
        // times does, with no comparison that could overflow.
        while (queued > 0) {
            long ts = firstHeldTs();
            fold(shape.idFor(ts), dequeue());
        }
        while (count > 0) {
            closeFirst(emit);
        }
        return discardable();
    }

    private long advance(long watermark) {
        WindowKeyLogic.requireForward(lastWatermarkNanos, watermark);
        lastWatermarkNanos = watermark;
        return watermark;
    }

    /** Plays in the queued values the watermark has reached, then closes the windows it has passed. */
    private void flush(long watermark, Consumer<? super WindowEvent> emit) {
        playIn(watermark);
        while (count > 0 && shape.closeOf(idAt(0)) <= watermark) {
            closeFirst(emit);
        }
    }

    /** Folds in the held-back values the watermark has reached, earliest first. */
    private void playIn(long watermark) {
        while (queued > 0 && firstHeldTs() <= watermark) {
            long ts = firstHeldTs();
            fold(shape.idFor(ts), dequeue());
        }
    }

    @SuppressWarnings("unchecked")
    private void fold(long id, Object value) {
        FoldWindows<V, A> fold = shape.fold;
        int i = count;
        while (i > 0 && idAt(i - 1) > id) {
            i--;
        }
        if (i > 0 && idAt(i - 1) == id) {
            setAcc(i - 1, fold.fold((A) accAt(i - 1), (V) value));
        } else {
            openAt(i, id, fold.fold(fold.start(null), (V) value));
        }
    }

    private long idAt(int i) {
        return ids != null ? ids[i] : i == 0 ? id0 : id1;
    }

    private Object accAt(int i) {
        return accs != null ? accs[i] : i == 0 ? acc0 : acc1;
    }

    private void setAcc(int i, Object acc) {
        if (accs != null) {
            accs[i] = acc;
        } else if (i == 0) {
            acc0 = acc;
        } else {
            acc1 = acc;
        }
    }

    private void openAt(int i, long id, Object acc) {
        if (ids == null) {
            if (count < 2) {
                if (i == 0) {
                    id1 = id0;
                    acc1 = acc0;
                    id0 = id;
                    acc0 = acc;
                } else {
                    id1 = id;
                    acc1 = acc;
                }
                count++;
                return;
            }
            ids = new long[] {id0, id1, 0, 0};
            accs = new Object[] {acc0, acc1, null, null};
            acc0 = null;
            acc1 = null;
        }
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
            accs = Arrays.copyOf(accs, count * 2);
        }
        System.arraycopy(ids, i, ids, i + 1, count - i);
        System.arraycopy(accs, i, accs, i + 1, count - i);
        ids[i] = id;
        accs[i] = acc;
        count++;
    }

    /** Emits the earliest window's accumulator and its metadata in one event, as {@link WindowKeyLogic} does. */
    private void closeFirst(Consumer<? super WindowEvent> emit) {
        long id = idAt(0);
        Object acc = accAt(0);
        count--;
        if (ids == null) {
            id0 = id1;
            acc0 = acc1;
            acc1 = null;
        } else {
            System.arraycopy(ids, 1, ids, 0, count);
            System.arraycopy(accs, 1, accs, 0, count);
            accs[count] = null;
        }
        emit.accept(WindowEvent.closed(new Windowed<>(id, acc), shape.metadata));
    }

    /** Queues a value after every value with a timestamp at or before its own. */
    private void enqueue(long ts, Object value) {
        if (queuedTs == null) {
            if (queued == 0) {
                ts0 = ts;
                value0 = value;
                queued = 1;
                return;
            }
            queuedTs = new long[] {ts0, 0, 0, 0};
            queuedValues = new Object[] {value0, null, null, null};
            value0 = null;
            head = 0;
        }
        if (head + queued == queuedTs.length) {
            if (head > 0) {
                System.arraycopy(queuedTs, head, queuedTs, 0, queued);
                System.arraycopy(queuedValues, head, queuedValues, 0, queued);
                Arrays.fill(queuedValues, queued, head + queued, null);
                head = 0;
            } else {
                queuedTs = Arrays.copyOf(queuedTs, queued * 2);
                queuedValues = Arrays.copyOf(queuedValues, queued * 2);
            }
        }
        int i = head + queued;
        while (i > head && queuedTs[i - 1] > ts) {
            queuedTs[i] = queuedTs[i - 1];
            queuedValues[i] = queuedValues[i - 1];
            i--;
        }
        queuedTs[i] = ts;
        queuedValues[i] = value;
        queued++;
    }

    private Object dequeue() {
        if (queuedTs == null) {
            Object value = value0;
            value0 = null;
            queued = 0;
            return value;
        }
        Object value = queuedValues[head];
        queuedValues[head] = null;
        queued--;
        head++;
        if (queued == 0) {
            // Back to the fields: the next value held back alone needs no array.
            queuedTs = null;
            queuedValues = null;
            head = 0;
        }
        return value;
    }

    /** The timestamp of the earliest held-back value; there must be one. */
    private long firstHeldTs() {
        return queuedTs == null ? ts0 : queuedTs[head];
    }

    /** The timestamp of the {@code i}-th held-back value, earliest first. */
    private long heldTs(int i) {
        return queuedTs == null ? ts0 : queuedTs[head + i];
    }

    /** The {@code i}-th held-back value, earliest first. */
    private Object heldValue(int i) {
        return queuedTs == null ? value0 : queuedValues[head + i];
    }

    private boolean discardable() {
        return count == 0 && queued == 0 ? DISCARD : RETAIN;
    }

    @Override
    public Instant notifyAt() {
        if (general != null) {
            return general.notifyAt();
        }
        long due = count == 0 ? Long.MAX_VALUE : shape.closeOf(idAt(0));
        if (queued > 0) {
            // Playing a held-back value in emits nothing; closing its window does. So the key need
            // not wake before that close: onNotify then plays the value in and closes the window,
            // the same events as playing it in at its own time would give. A value from the first
            // open window's start on closes no earlier than that window (no division then); one
            // before it, in an earlier window, closes first.
            long ts = firstHeldTs();
            if (count == 0 || ts < due - shape.lengthNanos) {
                due = shape.closeOf(shape.idFor(ts));
            }
        }
        long next = WindowKeyLogic.nextWakeNanos(wakeNanos, due, this);
        if (next == WindowKeyLogic.NO_WAKE) {
            wake = null;
            wakeNanos = WindowKeyLogic.NO_WAKE;
        } else if (next != wakeNanos || wake == null) {
            wakeNanos = next;
            wake = EpochNanos.toInstant(next);
        }
        return wake;
    }

    @Override
    public WindowSnapshot snapshot() {
        if (general != null) {
            return general.snapshot();
        }
        Map<Long, WindowMetadata> opened = new TreeMap<>();
        Map<Long, Object> states = new HashMap<>();
        for (int i = 0; i < count; i++) {
            opened.put(idAt(i), shape.metadata.metadata(idAt(i)));
            states.put(idAt(i), accAt(i));
        }
        List<WindowSnapshot.Queued> queue = new ArrayList<>(queued);
        for (int i = 0; i < queued; i++) {
            queue.add(new WindowSnapshot.Queued(heldValue(i), EpochNanos.toInstant(heldTs(i))));
        }
        return new WindowSnapshot(clockState(), new SlidingWindower.State(opened), states, queue);
    }

    /** Moves this key's state into a {@link WindowKeyLogic}, which takes every call from now on. */
    private WindowKeyLogic<V, A, A> handOver() {
        WindowerLogic<?> windower = shape.windower.build(null);
        NanosWindowerLogic nanos = (NanosWindowerLogic) windower;
        long[] openIds = new long[count];
        Object[] openAccs = new Object[count];
        for (int i = 0; i < count; i++) {
            openIds[i] = idAt(i);
            openAccs[i] = accAt(i);
        }
        for (long id : openIds) {
            nanos.open(id, id);
        }
        List<Object> values = new ArrayList<>(queued);
        List<Instant> times = new ArrayList<>(queued);
        for (int i = 0; i < queued; i++) {
            values.add(heldValue(i));
            times.add(EpochNanos.toInstant(heldTs(i)));
        }
        general = WindowKeyLogic.handOver(toClockLogic(), windower, shape.fold, shape.ordered, openIds, openAccs,
                values, times, lastWatermarkNanos, wake, wakeNanos);
        ids = null;
        accs = null;
        acc0 = null;
        acc1 = null;
        queuedTs = null;
        queuedValues = null;
        value0 = null;
        count = 0;
        queued = 0;
        return general;
    }
}
