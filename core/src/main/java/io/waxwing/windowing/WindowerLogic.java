package io.waxwing.windowing;

import java.time.Instant;
import java.util.List;

/**
 * The windows of one key of a window operator: Bytewax's {@code WindowerLogic}. It says which
 * windows a timestamp falls in, which windows have merged, and which have closed once the
 * watermark has passed them.
 *
 * <pre>{@code
 * WindowerLogic<SlidingWindower.State> logic = windower.build(null);
 * long[] ids = logic.openFor(timestamp);
 * List<Windowed<WindowMetadata>> closed = logic.closeFor(watermark);
 * }</pre>
 *
 * @param <S> the type of its snapshots
 */
public interface WindowerLogic<S> {

    /**
     * A report that window {@code originalId} has merged into window {@code targetId}.
     *
     * <pre>{@code new WindowerLogic.Merge(1, 0)}</pre>
     */
    record Merge(long originalId, long targetId) {
    }

    /**
     * The windows a value with this on-time timestamp belongs to, opening them as needed.
     */
    long[] openFor(Instant timestamp);

    /**
     * The windows a late value with this timestamp would have belonged to. Opens nothing: the
     * watermark has passed them.
     */
    long[] lateFor(Instant timestamp);

    /**
     * The merges since the last call, in the order they happened. Called after every series of
     * {@link #openFor} calls; a window reported as merged is never reported as closed.
     */
    List<Merge> merged();

    /**
     * The windows now closed by {@code watermark} (which never goes backwards), with their final
     * metadata. A window reported here is forgotten and never opened again.
     */
    List<Windowed<WindowMetadata>> closeFor(Instant watermark);

    /**
     * The earliest watermark at which a window may close, or {@code null} when no window is open;
     * the clock turns it into a system time to wake the operator at.
     */
    Instant notifyAt();

    /**
     * Whether nothing needs to be kept: when it returns {@code true} and no window is open, the
     * key's whole window state (clock included) is discarded.
     */
    boolean isEmpty();

    /**
     * The state to resume from: plain data (records of instants, numbers, lists, maps), not
     * changed afterwards.
     */
    S snapshot();
}
