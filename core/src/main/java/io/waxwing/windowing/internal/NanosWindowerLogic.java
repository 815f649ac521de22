package io.waxwing.windowing.internal;

/**
 * A {@link io.waxwing.windowing.WindowerLogic} whose windows of a timestamp are a run of
 * consecutive ids worked out in epoch nanoseconds ({@link EpochNanos}), so that the window
 * operator allocates nothing and does no {@code java.time} arithmetic per value. The sliding and
 * tumbling windowers implement it; the window operator uses it when the windower does, and falls
 * back to the {@code Instant} methods when a method answers {@link EpochNanos#OUT_OF_RANGE}.
 *
 * <pre>{@code
 * long first = windower.firstFor(ts), last = windower.lastFor(ts);
 * windower.open(first, last);
 * }</pre>
 */
public interface NanosWindowerLogic {

    /** The id of the first window holding {@code timestampNanos}, or {@link EpochNanos#OUT_OF_RANGE}. */
    long firstFor(long timestampNanos);

    /** The id of the last window holding {@code timestampNanos}; only called after {@link #firstFor} fit. */
    long lastFor(long timestampNanos);

    /** Opens windows {@code first} to {@code last} (those not open yet), like {@code openFor}. */
    void open(long first, long last);

    /**
     * The close time in epoch nanoseconds of the earliest open window: {@link Long#MAX_VALUE} when
     * none is open, {@link EpochNanos#OUT_OF_RANGE} when it does not fit a long.
     */
    long firstCloseNanos();

    /**
     * Closes the earliest open window (one whose close time {@link #firstCloseNanos} gave, in
     * range) and returns its id, like one entry of {@code closeFor}.
     */
    long closeFirst();

    /**
     * The metadata of window {@code windowId}, open or closed: what {@code closeFor} gives with it.
     * A function of the id alone, so it may be asked for after the window has closed.
     */
    io.waxwing.windowing.WindowMetadata metadata(long windowId);
}
