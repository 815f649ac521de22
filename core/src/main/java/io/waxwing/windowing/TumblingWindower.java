package io.waxwing.windowing;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Windows of a fixed length that tile time, so that each value falls in exactly one: Bytewax's
 * {@code TumblingWindower}. Open times are inclusive, close times exclusive; window {@code n} opens
 * at {@code alignTo + n * length}.
 *
 * <pre>{@code
 * // one window per minute, aligned to whole minutes
 * var windower = new TumblingWindower(Duration.ofMinutes(1), Instant.parse("2024-01-01T00:00:00Z"));
 * }</pre>
 *
 * <p>Changing the parameters between executions gives wrong results for windows open at the
 * snapshot that is resumed from.
 *
 * @param length  the length of each window; positive
 * @param alignTo an instant at which a window starts
 */
public record TumblingWindower(Duration length, Instant alignTo) implements Windower<SlidingWindower.State> {

    public TumblingWindower {
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(alignTo, "alignTo");
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("tumbling window length must be positive, got " + length);
        }
    }

    @Override
    public WindowerLogic<SlidingWindower.State> build(SlidingWindower.State resumeState) {
        return new SlidingWindowerLogic(length, length, alignTo, resumeState);
    }
}
