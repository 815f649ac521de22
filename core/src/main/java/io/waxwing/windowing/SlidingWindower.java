package io.waxwing.windowing;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Windows of a fixed length that start every {@code offset}: Bytewax's {@code SlidingWindower}.
 * With {@code offset == length} they tile time ({@link TumblingWindower}); with a shorter offset
 * they overlap and a value may fall in several. Open times are inclusive, close times exclusive.
 * Window {@code n} opens at {@code alignTo + n * offset}.
 *
 * <pre>{@code
 * // 10-minute windows starting every 5 minutes, aligned to the hour
 * var windower = new SlidingWindower(Duration.ofMinutes(10), Duration.ofMinutes(5),
 *     Instant.parse("2024-01-01T00:00:00Z"));
 * }</pre>
 *
 * <p>Changing the parameters between executions gives wrong results for windows open at the
 * snapshot that is resumed from.
 *
 * @param length  the length of each window; positive
 * @param offset  the time between the starts of adjacent windows; positive and not longer than
 *                {@code length} (a longer one would leave gaps that lose values)
 * @param alignTo an instant at which a window starts
 */
public record SlidingWindower(Duration length, Duration offset, Instant alignTo)
        implements Windower<SlidingWindower.State> {

    /**
     * The snapshot of a sliding or tumbling windower: the windows open, by id.
     *
     * <pre>{@code new SlidingWindower.State(Map.of(0L, new WindowMetadata(open, close)))}</pre>
     *
     * @param opened the open windows' metadata by window id
     */
    public record State(Map<Long, WindowMetadata> opened) {
        public State {
            opened = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(opened, "opened")));
        }
    }

    public SlidingWindower {
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(alignTo, "alignTo");
        if (length.isNegative() || length.isZero() || offset.isNegative() || offset.isZero()) {
            throw new IllegalArgumentException("sliding window length and offset must be positive, got length "
                    + length + " and offset " + offset);
        }
        if (offset.compareTo(length) > 0) {
            throw new IllegalArgumentException("sliding window offset (" + offset
                    + ") can't be longer than its length (" + length
                    + "); there would be gaps between windows that lose values");
        }
    }

    @Override
    public WindowerLogic<State> build(State resumeState) {
        return new SlidingWindowerLogic(length, offset, alignTo, resumeState);
    }
}
