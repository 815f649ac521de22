package io.waxwing.windowing.internal;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The state of one key of a window operator, as the recovery store keeps it: plain data only.
 *
 * <pre>{@code
 * new WindowSnapshot(clockLogic.snapshot(), windowerLogic.snapshot(), Map.of(0L, List.of(1, 2)),
 *     List.of(new WindowSnapshot.Queued(value, timestamp)));
 * }</pre>
 *
 * @param clockState    the clock logic's snapshot
 * @param windowerState the windower logic's snapshot
 * @param windowStates  each open window's logic snapshot, by window id
 * @param queue         values waiting for the watermark to reach them (ordered operators), in
 *                      timestamp order
 */
public record WindowSnapshot(Object clockState, Object windowerState, Map<Long, Object> windowStates,
        List<Queued> queue) {

    /**
     * A value waiting in an ordered operator's queue, with its timestamp.
     *
     * <pre>{@code new WindowSnapshot.Queued(event, event.time())}</pre>
     */
    public record Queued(Object value, Instant timestamp) {
        public Queued {
            Objects.requireNonNull(timestamp, "timestamp");
        }
    }

    public WindowSnapshot {
        windowStates = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(windowStates, "windowStates")));
        queue = List.copyOf(queue);
    }
}
