package io.waxwing.windowing;

import io.waxwing.dataflow.KeyedStream;
import java.util.Objects;

/**
 * The streams a window operator returns: Bytewax's {@code WindowOut}. Each is keyed like the
 * operator's input and sub-keyed by window id.
 *
 * <pre>{@code
 * WindowOut<Event, Long> out = keyed.countWindow("count", clock, windower);
 * out.down().output("counts", countSink);     // KV(key, Windowed(windowId, count))
 * out.late().output("late", lateSink);        // KV(key, Windowed(windowId, event))
 * out.meta().output("meta", metaSink);        // KV(key, Windowed(windowId, WindowMetadata))
 * }</pre>
 *
 * @param down what the operator emits for each window
 * @param late the input values that arrived after the watermark had passed their windows; they
 *             may name windows never seen on {@code down} or {@code meta}
 * @param meta the metadata of each window, once, when it closes (not for windows merged into
 *             another: the target's {@link WindowMetadata#mergedIds()} lists them)
 * @param <V>  input value type
 * @param <W>  output value type
 */
public record WindowOut<V, W>(KeyedStream<Windowed<W>> down, KeyedStream<Windowed<V>> late,
        KeyedStream<Windowed<WindowMetadata>> meta) {

    public WindowOut {
        Objects.requireNonNull(down, "down");
        Objects.requireNonNull(late, "late");
        Objects.requireNonNull(meta, "meta");
    }
}
