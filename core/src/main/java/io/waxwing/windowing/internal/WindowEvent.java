package io.waxwing.windowing.internal;

import io.waxwing.windowing.Windowed;

/**
 * What the per-key state machine emits: an item for one of the three streams of a
 * {@link io.waxwing.windowing.WindowOut}, tagged with the stream it is for.
 *
 * <pre>{@code
 * emit.accept(new WindowEvent(WindowEvent.Kind.META, new Windowed<>(id, metadata)));
 * }</pre>
 */
public record WindowEvent(Kind kind, Windowed<?> item) {

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
}
