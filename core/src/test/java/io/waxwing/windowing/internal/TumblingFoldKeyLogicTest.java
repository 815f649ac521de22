package io.waxwing.windowing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.operators.StatefulLogic;
import io.waxwing.testing.TimeTestingGetter;
import io.waxwing.windowing.Clock;
import io.waxwing.windowing.EventClock;
import io.waxwing.windowing.TumblingWindower;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A fold over tumbling windows runs as one {@link TumblingFoldKeyLogic} per key, which must do
 * exactly what the general {@link WindowKeyLogic} does: the same events in the same order, the same
 * discard answers, wake times and snapshots — inside epoch nanoseconds, across both ends of that
 * range (where it hands over to the general logic), with every clock, ordered or not, and when
 * either resumes the other's snapshot.
 */
class TumblingFoldKeyLogicTest {
    private static final Instant START = Instant.parse("2024-06-01T00:00:00Z");

    private static FoldWindows<Instant, Long> sums() {
        return new FoldWindows<>(() -> 0L, (n, t) -> n * 31 + 1 + t.getNano() % 7, Long::sum);
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        List<TumblingWindower> windowers = List.of(
                new TumblingWindower(Duration.ofSeconds(10), Instant.EPOCH),
                new TumblingWindower(Duration.ofSeconds(7), Instant.parse("2024-01-01T00:00:00.5Z")),
                new TumblingWindower(Duration.ofMillis(1), Instant.parse("2262-04-11T00:00:00Z")));
        List<Instant> centers = List.of(Instant.parse("2024-01-01T00:00:00Z"), NanosecondPathTest.LONG_END,
                NanosecondPathTest.LONG_START, Instant.parse("3000-01-01T00:00:00Z"));
        for (TumblingWindower windower : windowers) {
            for (Instant center : centers) {
                for (boolean ordered : new boolean[] {false, true}) {
                    for (String clock : new String[] {"event", "bounded", "bounded-idle"}) {
                        cases.add(Arguments.of(windower, center, ordered, clock));
                    }
                }
            }
        }
        return cases.stream();
    }

    /**
     * Runs the values through one key's logic as the engine would, recording what it emits, returns
     * and asks for, and its snapshots; at value {@code resumeAt} the logic is replaced by one
     * {@code resume} builds from its snapshot.
     */
    private static List<Object> run(Function<WindowSnapshot, StatefulLogic<Instant, WindowEvent, WindowSnapshot>> first,
            Function<WindowSnapshot, StatefulLogic<Instant, WindowEvent, WindowSnapshot>> resume, int resumeAt,
            List<Instant> values, TimeTestingGetter now) {
        List<Object> record = new ArrayList<>();
        StatefulLogic<Instant, WindowEvent, WindowSnapshot> logic = first.apply(null);
        for (int i = 0; i < values.size(); i++) {
            if (i == resumeAt) {
                logic = resume.apply(logic.snapshot());
            }
            now.advance(Duration.ofMillis(3));
            record.add(logic.onItem(values.get(i), record::add));
            // Asked as the engine does; not recorded: a clock under test still wakes by system time.
            logic.notifyAt();
            if (i % 50 == 49) {
                now.advance(Duration.ofSeconds(4));
                record.add(logic.onNotify(record::add));
                logic.notifyAt();
                record.add(logic.snapshot());
            }
        }
        record.add(logic.onEof(record::add));
        record.add(logic.snapshot());
        return record;
    }

    @ParameterizedTest(name = "{0} around {1}, ordered {2}, {3} clock")
    @MethodSource("cases")
    void givesWhatTheGeneralLogicGives(TumblingWindower windower, Instant center, boolean ordered, String clockKind) {
        List<Instant> values = NanosecondPathTest.around(center, center.getEpochSecond() ^ windower.hashCode());
        List<List<Object>> runs = new ArrayList<>();
        // flat, general, flat resumed as general, general resumed as flat, flat resumed as flat
        for (int variant = 0; variant < 5; variant++) {
            TimeTestingGetter now = new TimeTestingGetter(START);
            Clock<Instant, EventClock.State> clock = NanosecondPathTest.clock(clockKind, now);
            Function<WindowSnapshot, StatefulLogic<Instant, WindowEvent, WindowSnapshot>> flat =
                    WindowKeyLogic.factory(clock, windower, sums(), ordered);
            Function<WindowSnapshot, StatefulLogic<Instant, WindowEvent, WindowSnapshot>> general =
                    resume -> WindowKeyLogic.build(clock, windower, sums(), ordered, resume);
            runs.add(switch (variant) {
                case 0 -> run(flat, flat, -1, values, now);
                case 1 -> run(general, general, -1, values, now);
                case 2 -> run(flat, general, 150, values, now);
                case 3 -> run(general, flat, 150, values, now);
                default -> run(flat, flat, 150, values, now);
            });
        }
        assertFalse(runs.get(0).isEmpty());
        assertSame(runs.get(1), runs.get(0), "flat against general");
        assertSame(runs.get(2), runs.get(3), "flat resumed as general against general resumed as flat");
        assertSame(runs.get(2), runs.get(4), "resumed as general against resumed as flat");
    }

    /** Equal records, or a message naming the first entry that differs. */
    private static void assertSame(List<Object> expected, List<Object> actual, String what) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), what + ", entry " + i);
        }
        assertEquals(expected.size(), actual.size(), what + ": entries");
    }

    @Test
    void aFoldOverTumblingWindowsWithAnEventClockIsOneObjectPerKey() {
        TimeTestingGetter now = new TimeTestingGetter(START);
        var logics = WindowKeyLogic.factory(NanosecondPathTest.clock("event", now),
                new TumblingWindower(Duration.ofSeconds(10), Instant.EPOCH), sums(), true);
        assertInstanceOf(TumblingFoldKeyLogic.class, logics.apply(null));
    }

    @Test
    void windowsAlignedOutsideEpochNanosecondsUseTheGeneralLogic() {
        TimeTestingGetter now = new TimeTestingGetter(START);
        var logics = WindowKeyLogic.factory(NanosecondPathTest.clock("event", now),
                new TumblingWindower(Duration.ofDays(1), Instant.MIN), sums(), false);
        assertInstanceOf(WindowKeyLogic.class, logics.apply(null));
    }

    /**
     * An ordered key holding back a value asks to be woken when the watermark reaches the close of
     * that value's window, not its timestamp: playing the value in emits nothing, so waking for it
     * alone would be a call for nothing. (That the events are the general logic's whenever it is
     * woken, {@link #givesWhatTheGeneralLogicGives} shows.)
     */
    @Test
    void anOrderedKeyHoldingAValueWakesWhenItsWindowCloses() {
        TimeTestingGetter now = new TimeTestingGetter(START);
        StatefulLogic<Instant, WindowEvent, WindowSnapshot> logic = WindowKeyLogic.factory(
                NanosecondPathTest.clock("event", now), new TumblingWindower(Duration.ofSeconds(10), Instant.EPOCH),
                sums(), true).apply(null);
        List<WindowEvent> events = new ArrayList<>();
        // The watermark follows the system time of the call's batch: here, read during the call.
        Instant before = Instant.now().minusMillis(1);
        logic.onItem(Instant.parse("2024-01-01T00:00:01Z"), events::add);
        Instant wake = logic.notifyAt();
        Instant after = Instant.now().plusMillis(1);
        assertEquals(List.of(), events);
        // The watermark is the value's time less the 3 s wait: it reaches the window's close, 9 s
        // after the value, 12 s after the call (its own time, 3 s after it).
        assertTrue(!wake.isBefore(before.plusSeconds(12)) && !wake.isAfter(after.plusSeconds(12)),
                () -> "woken at " + wake + ", not 12 s after the call, between " + before + " and " + after);
    }
}
