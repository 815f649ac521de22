package io.waxwing.windowing;

import io.waxwing.windowing.internal.SaturatingTime;
import io.waxwing.windowing.internal.EpochNanos;
import io.waxwing.windowing.internal.NanosWindowerLogic;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The logic of {@link SlidingWindower} and {@link TumblingWindower} for one key. Window {@code n}
 * is {@code [alignTo + n * offset, alignTo + n * offset + length)}, so only the ids of the open
 * windows are kept (ascending, which is also by close time) and their times are worked out when
 * needed: in epoch nanoseconds where they fit a long, exactly with {@code java.time} elsewhere.
 */
final class SlidingWindowerLogic implements WindowerLogic<SlidingWindower.State>, NanosWindowerLogic {
    private final Duration length;
    private final Duration offset;
    private final Instant alignTo;
    /** Whether length, offset and alignTo fit epoch nanoseconds: the fast path is on. */
    private final boolean fits;
    private final long lengthNanos;
    private final long offsetNanos;
    private final long alignNanos;
    /** The open windows' ids, ascending, in {@code ids[head .. head + count)}. */
    private long[] ids = new long[4];
    private int head;
    private int count;

    SlidingWindowerLogic(Duration length, Duration offset, Instant alignTo, SlidingWindower.State resume) {
        this.length = length;
        this.offset = offset;
        this.alignTo = alignTo;
        long l = nanosOrOutOfRange(length);
        long o = nanosOrOutOfRange(offset);
        long a = EpochNanos.exact(alignTo);
        this.fits = l != EpochNanos.OUT_OF_RANGE && o != EpochNanos.OUT_OF_RANGE && a != EpochNanos.OUT_OF_RANGE;
        this.lengthNanos = l;
        this.offsetNanos = o;
        this.alignNanos = a;
        if (resume != null) {
            for (Long id : new TreeMap<>(resume.opened()).keySet()) {
                add(id);
            }
        }
    }

    private static long nanosOrOutOfRange(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return EpochNanos.OUT_OF_RANGE;
        }
    }

    /** The ids of the windows {@code [open, close)} that contain {@code timestamp}, ascending. */
    long[] intersects(Instant timestamp) {
        long first;
        long last;
        long ts = EpochNanos.exact(timestamp);
        if (ts != EpochNanos.OUT_OF_RANGE && (first = firstFor(ts)) != EpochNanos.OUT_OF_RANGE) {
            last = lastFor(ts);
        } else {
            Duration sinceOrigin = Duration.between(alignTo, timestamp);
            first = SaturatingTime.floorDiv(sinceOrigin.minus(length), offset) + 1;
            last = SaturatingTime.floorDiv(sinceOrigin, offset);
        }
        long[] result = new long[(int) (last - first + 1)];
        for (int i = 0; i < result.length; i++) {
            result[i] = first + i;
        }
        return result;
    }

    @Override
    public long firstFor(long timestampNanos) {
        if (!fits) {
            return EpochNanos.OUT_OF_RANGE;
        }
        long since = timestampNanos - alignNanos;
        long beforeLength = since - lengthNanos;
        if (((timestampNanos ^ alignNanos) & (timestampNanos ^ since)) < 0
                || ((since ^ lengthNanos) & (since ^ beforeLength)) < 0) {
            return EpochNanos.OUT_OF_RANGE;
        }
        return Math.floorDiv(beforeLength, offsetNanos) + 1;
    }

    @Override
    public long lastFor(long timestampNanos) {
        return Math.floorDiv(timestampNanos - alignNanos, offsetNanos);
    }

    @Override
    public void open(long first, long last) {
        for (long id = first; id <= last; id++) {
            add(id);
        }
    }

    /** Adds {@code id} in order unless it is open; ids mostly come in ascending order. */
    private void add(long id) {
        int i = head + count;
        while (i > head && ids[i - 1] > id) {
            i--;
        }
        if (i > head && ids[i - 1] == id) {
            return;
        }
        if (head + count == ids.length) {
            if (head > 0) {
                System.arraycopy(ids, head, ids, 0, count);
                i -= head;
                head = 0;
            } else {
                ids = Arrays.copyOf(ids, ids.length * 2);
            }
        }
        System.arraycopy(ids, i, ids, i + 1, head + count - i);
        ids[i] = id;
        count++;
    }

    private Instant openTime(long windowId) {
        if (fits) {
            long open = windowId * offsetNanos;
            long hi = Math.multiplyHigh(windowId, offsetNanos);
            if ((hi == 0 && open >= 0) || (hi == -1 && open < 0)) {
                long at = open + alignNanos;
                if (((open ^ at) & (alignNanos ^ at)) >= 0) {
                    return EpochNanos.toInstant(at);
                }
            }
        }
        return alignTo.plus(offset.multipliedBy(windowId));
    }

    /** The close time of window {@code windowId} in epoch nanoseconds, or {@link EpochNanos#OUT_OF_RANGE}. */
    private long closeNanos(long windowId) {
        if (!fits) {
            return EpochNanos.OUT_OF_RANGE;
        }
        try {
            long close = Math.addExact(Math.addExact(Math.multiplyExact(windowId, offsetNanos), alignNanos), lengthNanos);
            // Long.MAX_VALUE means "none open" to the callers: treat that one time as out of range.
            return close == Long.MAX_VALUE ? EpochNanos.OUT_OF_RANGE : close;
        } catch (ArithmeticException outOfRange) {
            return EpochNanos.OUT_OF_RANGE;
        }
    }

    private WindowMetadata metadataFor(long windowId) {
        Instant open = openTime(windowId);
        return new WindowMetadata(open, open.plus(length));
    }

    @Override
    public long[] openFor(Instant timestamp) {
        long[] opened = intersects(timestamp);
        for (long id : opened) {
            if (closeNanos(id) == EpochNanos.OUT_OF_RANGE) {
                requireRepresentableClose(id, timestamp);
            }
            add(id);
        }
        return opened;
    }

    /**
     * A window must close at a representable instant, else it could never close: an event so near
     * {@link Instant#MAX} (a sentinel, or a getter that returns the wrong field) is refused by name.
     */
    private void requireRepresentableClose(long windowId, Instant timestamp) {
        Instant open = openTime(windowId);
        try {
            open.plus(length);
        } catch (DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("an event at " + timestamp + " falls in a window that opens at " + open
                    + " and would close " + length + " later, after the last instant Java can represent ("
                    + Instant.MAX + "); check the clock's timestamp getter, or drop such events before the window"
                    + " (e.g. with filter)", e);
        }
    }

    @Override
    public long[] lateFor(Instant timestamp) {
        return intersects(timestamp);
    }

    @Override
    public List<Merge> merged() {
        return List.of();
    }

    private boolean closedBy(long windowId, Instant watermark, long watermarkNanos) {
        long close = closeNanos(windowId);
        if (close != EpochNanos.OUT_OF_RANGE && watermarkNanos != EpochNanos.OUT_OF_RANGE) {
            return close <= watermarkNanos;
        }
        return !openTime(windowId).plus(length).isAfter(watermark);
    }

    @Override
    public List<Windowed<WindowMetadata>> closeFor(Instant watermark) {
        List<Windowed<WindowMetadata>> closed = null;
        long watermarkNanos = EpochNanos.exact(watermark);
        while (count > 0 && closedBy(ids[head], watermark, watermarkNanos)) {
            long id = ids[head++];
            count--;
            if (closed == null) {
                closed = new ArrayList<>(2);
            }
            closed.add(new Windowed<>(id, metadataFor(id)));
        }
        if (count == 0) {
            head = 0;
        }
        return closed == null ? List.of() : closed;
    }

    @Override
    public long closeFirst() {
        long id = ids[head++];
        count--;
        if (count == 0) {
            head = 0;
        }
        return id;
    }

    @Override
    public WindowMetadata metadata(long windowId) {
        return metadataFor(windowId);
    }

    @Override
    public long firstCloseNanos() {
        return count == 0 ? Long.MAX_VALUE : closeNanos(ids[head]);
    }

    @Override
    public Instant notifyAt() {
        return count == 0 ? null : openTime(ids[head]).plus(length);
    }

    @Override
    public boolean isEmpty() {
        return count == 0;
    }

    @Override
    public SlidingWindower.State snapshot() {
        Map<Long, WindowMetadata> opened = new TreeMap<>();
        for (int i = head; i < head + count; i++) {
            opened.put(ids[i], metadataFor(ids[i]));
        }
        return new SlidingWindower.State(opened);
    }
}
