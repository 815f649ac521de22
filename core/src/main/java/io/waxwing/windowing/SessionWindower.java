package io.waxwing.windowing;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Sessions: windows that stay open while values keep coming within {@code gap} of each other:
 * Bytewax's {@code SessionWindower}. A value within the gap before or after a session extends it;
 * when an extension brings two sessions within the gap of each other they merge (the later one
 * into the earlier one, whose {@link WindowMetadata#mergedIds()} records it). A session closes once
 * the watermark is more than {@code gap} past its last value. Session ids count up per key from 0;
 * late values are reported for {@link #LATE_SESSION_ID}. A key's session state is never discarded,
 * so that ids are not reused.
 *
 * <pre>{@code
 * var sessions = new SessionWindower(Duration.ofMinutes(30));
 * WindowOut<Click, List<Click>> visits = clicks.collectWindow("visits", clock, sessions);
 * }</pre>
 *
 * @param gap the inactivity that ends a session; not negative
 */
public record SessionWindower(Duration gap) implements Windower<SessionWindower.State> {

    /** The window id late values are reported for, since they belong to no session. */
    public static final long LATE_SESSION_ID = -1;

    /**
     * The snapshot of a session windower.
     *
     * <pre>{@code new SessionWindower.State(SessionWindower.LATE_SESSION_ID, Map.of())}</pre>
     *
     * @param maxKey   the last session id given out ({@link #LATE_SESSION_ID} before the first)
     * @param sessions the open sessions' metadata by id
     */
    public record State(long maxKey, Map<Long, WindowMetadata> sessions) {
        public State {
            sessions = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(sessions, "sessions")));
        }
    }

    public SessionWindower {
        Objects.requireNonNull(gap, "gap");
        if (gap.isNegative()) {
            throw new IllegalArgumentException("session window gap must not be negative, got " + gap);
        }
    }

    @Override
    public WindowerLogic<State> build(State resumeState) {
        return new SessionWindowerLogic(gap, resumeState);
    }
}
