package io.waxwing.windowing;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a window covered: Bytewax's {@code WindowMetadata}, emitted on a window operator's
 * {@link WindowOut#meta() meta} stream when the window closes. For {@link SlidingWindower} and
 * {@link TumblingWindower} the open time is inclusive and the close time exclusive; for
 * {@link SessionWindower} both are the timestamps of the first and last value, inclusive.
 *
 * <pre>{@code
 * out.meta().output("meta", new TestingSink<>(metas));
 * // KV("ALL", Windowed(0, WindowMetadata(openTime=..., closeTime=..., mergedIds=[])))
 * }</pre>
 *
 * @param openTime  when the window opened
 * @param closeTime when the window closed
 * @param mergedIds the ids of windows merged into this one before it closed (sessions only); a
 *                  sorted, unmodifiable set
 */
public record WindowMetadata(Instant openTime, Instant closeTime, Set<Long> mergedIds) {

    public WindowMetadata {
        Objects.requireNonNull(openTime, "openTime");
        Objects.requireNonNull(closeTime, "closeTime");
        // Most windows absorb none: share the empty set rather than build one per window.
        mergedIds = mergedIds == null || mergedIds.isEmpty() ? Collections.emptySortedSet()
                : Collections.unmodifiableSortedSet(new TreeSet<>(mergedIds));
    }

    /** A window that has absorbed no other. */
    public WindowMetadata(Instant openTime, Instant closeTime) {
        this(openTime, closeTime, Set.of());
    }

    /** This metadata with another open time. */
    public WindowMetadata withOpenTime(Instant time) {
        return new WindowMetadata(time, closeTime, mergedIds);
    }

    /** This metadata with another close time. */
    public WindowMetadata withCloseTime(Instant time) {
        return new WindowMetadata(openTime, time, mergedIds);
    }
}
