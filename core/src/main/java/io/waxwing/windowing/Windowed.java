package io.waxwing.windowing;

/**
 * A value sub-keyed by the window it belongs to: the item type of every stream of a
 * {@link WindowOut}, like Bytewax's {@code (window_id, value)} tuples. Window ids are numbered by
 * the windower: for sliding and tumbling windows, the number of window offsets since the
 * alignment instant (so they can be negative); for sessions, a counter per key
 * ({@link SessionWindower#LATE_SESSION_ID} for late values).
 *
 * <pre>{@code
 * KeyedStream<Windowed<Long>> counts = keyed.countWindow("count", clock, windower).down();
 * counts.mapValue("fmt", w -> "window " + w.windowId() + ": " + w.value());
 * }</pre>
 *
 * @param windowId the window's id
 * @param value    a value emitted for that window, a value late for it, or its metadata
 * @param <T>      value type
 */
public record Windowed<T>(long windowId, T value) {
}
