package io.waxwing.windowing.internal;

import io.waxwing.windowing.WindowMetadata;
import io.waxwing.windowing.Windowed;

/**
 * What the per-key state machine emits: an item for one of the three streams of a
 * {@link io.waxwing.windowing.WindowOut}, tagged with the stream it is for. The metadata of a
 * tumbling or sliding window is a function of its id, so its event carries the id and the windower
 * and builds the metadata only when {@link #item()} is asked for: not at all when nothing reads the
 * meta stream.
 *
 * <pre>{@code
 * emit.accept(new WindowEvent(WindowEvent.Kind.META, new Windowed<>(id, metadata)));
 * emit.accept(WindowEvent.meta(id, windower));
 * }</pre>
 */
public final class WindowEvent {
    private final Kind kind;
    private final Windowed<?> item;
    private final long windowId;
    private final NanosWindowerLogic windower;

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
        META
    }

    public WindowEvent(Kind kind, Windowed<?> item) {
        this(kind, item, 0, null);
    }

    private WindowEvent(Kind kind, Windowed<?> item, long windowId, NanosWindowerLogic windower) {
        this.kind = kind;
        this.item = item;
        this.windowId = windowId;
        this.windower = windower;
    }

    /** The metadata of window {@code windowId} of {@code windower}, built when it is read. */
    static WindowEvent meta(long windowId, NanosWindowerLogic windower) {
        return new WindowEvent(Kind.META, null, windowId, windower);
    }

    public Kind kind() {
        return kind;
    }

    /** The item for the event's stream. */
    public Windowed<?> item() {
        return item != null ? item : new Windowed<WindowMetadata>(windowId, windower.metadata(windowId));
    }

    /** Equal when the kind and the item are (as the record it was). */
    @Override
    public boolean equals(Object o) {
        return o instanceof WindowEvent e && kind == e.kind && item().equals(e.item());
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + item().hashCode();
    }

    @Override
    public String toString() {
        return "WindowEvent[kind=" + kind + ", item=" + item() + "]";
    }
}
