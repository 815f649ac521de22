package io.waxwing.windowing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bytewax's {@code test_session_windower.py} (the windower part), plus closing and resuming. */
class SessionWindowerLogicTest {
    private static final Duration GAP = Duration.ofSeconds(10);

    private static Instant at(int seconds) {
        return Instant.parse("2024-01-01T09:00:00Z").plusSeconds(seconds);
    }

    private static WindowMetadata meta(int open, int close, Long... merged) {
        return new WindowMetadata(at(open), at(close), Set.of(merged));
    }

    private static SessionWindowerLogic logic() {
        return new SessionWindowerLogic(GAP, null);
    }

    @Test
    void initialSession() {
        SessionWindowerLogic logic = logic();
        assertArrayEquals(new long[] {0}, logic.openFor(at(0)));
        assertEquals(meta(0, 0), logic.sessions().get(0L));
    }

    @Test
    void extendForwardWithinGap() {
        SessionWindowerLogic logic = logic();
        logic.openFor(at(0));
        assertArrayEquals(new long[] {0}, logic.openFor(at(5)));
        assertEquals(meta(0, 5), logic.sessions().get(0L));
    }

    @Test
    void extendForwardExactGap() {
        SessionWindowerLogic logic = logic();
        logic.openFor(at(0));
        assertArrayEquals(new long[] {0}, logic.openFor(at(10)));
        assertEquals(meta(0, 10), logic.sessions().get(0L));
    }

    @Test
    void extendBackwardWithinGap() {
        SessionWindowerLogic logic = logic();
        logic.openFor(at(0));
        assertArrayEquals(new long[] {0}, logic.openFor(at(-5)));
        assertEquals(meta(-5, 0), logic.sessions().get(0L));
    }

    @Test
    void extendBackwardExactGap() {
        SessionWindowerLogic logic = logic();
        logic.openFor(at(0));
        assertArrayEquals(new long[] {0}, logic.openFor(at(-10)));
        assertEquals(meta(-10, 0), logic.sessions().get(0L));
    }

    @Test
    void extendMerge() {
        SessionWindowerLogic logic = logic();
        logic.openFor(at(0));
        logic.openFor(at(20));
        assertArrayEquals(new long[] {0}, logic.openFor(at(10)));
        assertEquals(List.of(new WindowerLogic.Merge(1, 0)), logic.merged());
        assertEquals(List.of(), logic.merged(), "each merge is reported once");
        assertEquals(Map.of(0L, meta(0, 20, 1L)), logic.sessions());
    }

    @Test
    void withinExisting() {
        SessionWindowerLogic logic = new SessionWindowerLogic(GAP,
                new SessionWindower.State(0, Map.of(0L, meta(0, 10))));
        assertArrayEquals(new long[] {0}, logic.openFor(at(5)));
        assertEquals(meta(0, 10), logic.sessions().get(0L));
    }

    @Test
    void late() {
        assertArrayEquals(new long[] {SessionWindower.LATE_SESSION_ID}, logic().lateFor(at(-3600)));
    }

    @Test
    void findMergesNone() {
        Map<Long, WindowMetadata> sessions = new HashMap<>(Map.of(0L, meta(0, 0), 1L, meta(20, 20)));
        assertEquals(List.of(), SessionWindowerLogic.findMerges(sessions, GAP));
        assertEquals(Map.of(0L, meta(0, 0), 1L, meta(20, 20)), sessions);
    }

    @Test
    void findMergesWithinGap() {
        Map<Long, WindowMetadata> sessions = new HashMap<>(Map.of(0L, meta(0, 0), 1L, meta(5, 5)));
        assertEquals(List.of(new WindowerLogic.Merge(1, 0)), SessionWindowerLogic.findMerges(sessions, GAP));
        assertEquals(Map.of(0L, meta(0, 5, 1L)), sessions);
    }

    @Test
    void findMergesExactGap() {
        Map<Long, WindowMetadata> sessions = new HashMap<>(Map.of(0L, meta(0, 0), 1L, meta(10, 10)));
        assertEquals(List.of(new WindowerLogic.Merge(1, 0)), SessionWindowerLogic.findMerges(sessions, GAP));
        assertEquals(Map.of(0L, meta(0, 10, 1L)), sessions);
    }

    @Test
    void findMergesMulti() {
        Map<Long, WindowMetadata> sessions = new HashMap<>(Map.of(0L, meta(0, 0), 1L, meta(5, 5), 2L, meta(10, 10)));
        assertEquals(List.of(new WindowerLogic.Merge(1, 0), new WindowerLogic.Merge(2, 0)),
                SessionWindowerLogic.findMerges(sessions, GAP));
        assertEquals(Map.of(0L, meta(0, 10, 1L, 2L)), sessions);
    }

    @Test
    void findMergesNoYesNo() {
        Map<Long, WindowMetadata> sessions = new HashMap<>(Map.of(
                0L, meta(0, 0), 1L, meta(20, 20), 2L, meta(25, 25), 3L, meta(40, 40)));
        assertEquals(List.of(new WindowerLogic.Merge(2, 1)), SessionWindowerLogic.findMerges(sessions, GAP));
        assertEquals(Map.of(0L, meta(0, 0), 1L, meta(20, 25, 2L), 3L, meta(40, 40)), sessions);
    }

    @Test
    void mergedIdsIncludeWindowsTheMergedOneHadAbsorbed() {
        Map<Long, WindowMetadata> sessions = new HashMap<>(Map.of(0L, meta(0, 0), 1L, meta(8, 30, 2L)));
        SessionWindowerLogic.findMerges(sessions, GAP);
        assertEquals(Map.of(0L, meta(0, 30, 1L, 2L)), sessions);
    }

    @Test
    void closesASessionOnceTheWatermarkIsMoreThanTheGapPastItsEnd() {
        SessionWindowerLogic logic = logic();
        logic.openFor(at(0));
        logic.openFor(at(5));
        assertEquals(at(15).plusNanos(1), logic.notifyAt());
        assertEquals(List.of(), logic.closeFor(at(15)));
        assertEquals(List.of(new Windowed<>(0, meta(0, 5))), logic.closeFor(at(15).plusNanos(1)));
        assertNull(logic.notifyAt());
        assertFalse(logic.isEmpty(), "session state is never discarded");
        assertArrayEquals(new long[] {1}, logic.openFor(at(100)), "ids are not reused");
    }

    @Test
    void resumesSessionsAndIdsFromItsSnapshot() {
        SessionWindowerLogic logic = logic();
        logic.openFor(at(0));
        logic.openFor(at(50));
        SessionWindower.State state = logic.snapshot();
        assertEquals(new SessionWindower.State(1, Map.of(0L, meta(0, 0), 1L, meta(50, 50))), state);
        WindowerLogic<SessionWindower.State> resumed = new SessionWindower(GAP).build(state);
        assertArrayEquals(new long[] {2}, resumed.openFor(at(100)));
        assertArrayEquals(new long[] {1}, resumed.openFor(at(55)));
    }

    @Test
    void rejectsANegativeGap() {
        assertThrows(IllegalArgumentException.class, () -> new SessionWindower(Duration.ofSeconds(-1)));
    }
}
