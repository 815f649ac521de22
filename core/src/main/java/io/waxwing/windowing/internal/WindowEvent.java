package io.waxwing.windowing.internal;

import io.waxwing.windowing.WindowMetadata;
import io.waxwing.windowing.Windowed;

/**
 * What the per-key state machine emits: an item for one of the three streams of a
 * {@link io.waxwing.windowing.WindowOut}, tagged with the stream it is for, or — when a fold's
 * window closes — one event for two streams ({@link Kind#CLOSED}): the accumulator for the down
 * stream and the window's metadata for the meta stream, in that order, as two events would give
 * them. The metadata of a tumbling or sliding window is a function of its id, so its event carries
 * the id and the windower and builds the metadata only when it is asked for: not at all when
 * nothing reads the meta stream.
 *
 * <pre>{@code
 * emit.accept(new WindowEvent(WindowEvent.Kind.META, new Windowed<>(id, metadata)));
 * emit.accept(WindowEvent.closed(new Windowed<>(id, acc), windower));
 * if (event.isFor(WindowEvent.Kind.DOWN)) { down.push(event.itemFor(WindowEvent.Kind.DOWN)); }
 * }</pre>
 */
public final class WindowEvent {
    private final Kind kind;
    private final Windowed<?> item;
    private final long windowId;
    private final NanosWindowerLogic windower;
    /** A {@link Kind#CLOSED} event's metadata when it was given built, else {@code null}. */
    private final Windowed<WindowMetadata> metadata;

    /**
     * The stream an event goes to.
     *
     * <pre>{@code if (event.kind() == WindowEvent.Kind.LATE) { ... }}</pre>
     */
    public enum Kind {
        /** A value a window logic emitted. */
        DOWN,
        /** An input value late for its windows. */
        LATE,
        /** The metadata of a closed window. */
        META,
        /** A fold's closed window: its accumulator for the down stream, then its metadata for the meta stream. */
        CLOSED
    }

    public WindowEvent(Kind kind, Windowed<?> item) {
        this(kind, item, 0, null, null);
        if (kind == Kind.CLOSED) {
            throw new IllegalArgumentException("a CLOSED event needs the window's metadata: use WindowEvent.closed");
        }
    }

    private WindowEvent(Kind kind, Windowed<?> item, long windowId, NanosWindowerLogic windower,
            Windowed<WindowMetadata> metadata) {
        this.kind = kind;
        this.item = item;
        this.windowId = windowId;
        this.windower = windower;
        this.metadata = metadata;
    }

    /** The metadata of window {@code windowId} of {@code windower}, built when it is read. */
    static WindowEvent meta(long windowId, NanosWindowerLogic windower) {
        return new WindowEvent(Kind.META, null, windowId, windower, null);
    }

    /** A fold's window {@code down.windowId()} closed with {@code down}; its metadata built when it is read. */
    static WindowEvent closed(Windowed<?> down, NanosWindowerLogic windower) {
        return new WindowEvent(Kind.CLOSED, down, down.windowId(), windower, null);
    }

    /** A fold's window closed with {@code down}, whose metadata is {@code metadata}. */
    static WindowEvent closed(Windowed<?> down, Windowed<WindowMetadata> metadata) {
        return new WindowEvent(Kind.CLOSED, down, down.windowId(), null, metadata);
    }

    public Kind kind() {
        return kind;
    }

    /** The item for the event's stream (for a {@link Kind#CLOSED} event, the down stream's). */
    public Windowed<?> item() {
        return item != null ? item : metadata();
    }

    /** Whether the event has an item for {@code stream} (one of {@code DOWN}, {@code LATE}, {@code META}). */
    public boolean isFor(Kind stream) {
        return kind == stream || (kind == Kind.CLOSED && stream != Kind.LATE);
    }

    /** The event's item for {@code stream}, which {@link #isFor} it. */
    public Windowed<?> itemFor(Kind stream) {
        return kind == Kind.CLOSED && stream == Kind.META ? metadata() : item();
    }

    private Windowed<WindowMetadata> metadata() {
        return metadata != null ? metadata : new Windowed<WindowMetadata>(windowId, windower.metadata(windowId));
    }

    /** Equal when the kind and the items are (as the record it was). */
    @Override
    public boolean equals(Object o) {
        return o instanceof WindowEvent e && kind == e.kind && item().equals(e.item())
                && (kind != Kind.CLOSED || metadata().equals(e.metadata()));
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + item().hashCode();
    }

    @Override
    public String toString() {
        return "WindowEvent[kind=" + kind + ", item=" + item()
                + (kind == Kind.CLOSED ? ", meta=" + metadata() : "") + "]";
    }
}
