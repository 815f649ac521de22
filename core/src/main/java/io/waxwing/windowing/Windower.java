package io.waxwing.windowing;

/**
 * A kind of window: Bytewax's {@code Windower}. It builds one {@link WindowerLogic} per key, from
 * that key's resume state. Use {@link TumblingWindower}, {@link SlidingWindower} or
 * {@link SessionWindower}; implement this interface (with a {@link WindowerLogic}) for other kinds.
 *
 * <pre>{@code
 * Windower<SlidingWindower.State> every10s = new TumblingWindower(Duration.ofSeconds(10), alignTo);
 * }</pre>
 *
 * @param <S> the type of its logic's snapshots: plain data, so that it can be stored
 */
@FunctionalInterface
public interface Windower<S> {
    /**
     * Builds the windower logic of one key.
     *
     * @param resumeState what {@link WindowerLogic#snapshot()} returned before a resume, or
     *                    {@code null} for a new key
     */
    WindowerLogic<S> build(S resumeState);
}
