package io.waxwing.windowing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.operators.StatefulLogic;
import io.waxwing.testing.TimeTestingGetter;
import io.waxwing.windowing.ClockLogic;
import io.waxwing.windowing.EventClock;
import io.waxwing.windowing.SessionWindower;
import io.waxwing.windowing.SlidingWindower;
import io.waxwing.windowing.TumblingWindower;
import io.waxwing.windowing.WindowMetadata;
import io.waxwing.windowing.Windowed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The per-key state machine on its own, driven the way the engine drives a stateful step. */
class WindowKeyLogicTest {
    private static final Instant ALIGN = Instant.parse("2022-01-01T00:00:00Z");
    private static final TumblingWindower TEN_SECONDS = new TumblingWindower(Duration.ofSeconds(10), ALIGN);

    /** A value with an event time, as seconds after {@link #ALIGN}. */
    record Ev(int second, String name) {
        Instant time() {
            return ALIGN.plusSeconds(second);
        }
    }

    private final TimeTestingGetter now = new TimeTestingGetter(Instant.parse("2024-01-01T00:00:00Z"));
    private final List<WindowEvent> events = new ArrayList<>();

    private EventClock<Ev> clock(long waitSeconds) {
        return new EventClock<>(Ev::time, Duration.ofSeconds(waitSeconds), now);
    }

    private static WindowKeyLogic<Ev, List<String>, List<Ev>> collecting(EventClock<Ev> clock,
            io.waxwing.windowing.Windower<?> windower, boolean ordered, WindowSnapshot resume) {
        return WindowKeyLogic.build(clock, windower,
                (List<Ev> r) -> FoldWindowLogic.<Ev, List<String>>collect(r,
                        Collectors.mapping(Ev::name, Collectors.toList())),
                ordered, resume);
    }

    private List<String> of(WindowEvent.Kind kind) {
        return events.stream().filter(e -> e.isFor(kind)).map(e -> e.itemFor(kind))
                .map(w -> w.windowId() + "=" + (w.value() instanceof Ev ev ? ev.name() : w.value()))
                .toList();
    }

    @Test
    void lateValuesGoToTheLateStreamWithTheWindowsTheyMissed() {
        var logic = collecting(clock(0), TEN_SECONDS, true, null);
        logic.onItem(new Ev(12, "a"), events::add);
        logic.onItem(new Ev(3, "late"), events::add);
        assertEquals(List.of("0=late"), of(WindowEvent.Kind.LATE));
        logic.onEof(events::add);
        assertEquals(List.of("1=[a]"), of(WindowEvent.Kind.DOWN));
    }

    @Test
    void orderedHoldsValuesBackUntilTheWatermarkReachesThemThenPlaysThemInTimestampOrder() {
        var logic = collecting(clock(5), TEN_SECONDS, true, null);
        logic.onItem(new Ev(4, "b"), events::add);
        logic.onItem(new Ev(2, "a"), events::add);
        logic.onItem(new Ev(8, "c"), events::add);
        assertEquals(List.of(), events);
        // Watermark 13 - 5 = 8: 2, 4 and 8 are played in; window 0 is not over yet.
        logic.onItem(new Ev(13, "d"), events::add);
        assertEquals(List.of(), events);
        // Watermark 15 - 5 = 10 closes window 0.
        logic.onItem(new Ev(15, "e"), events::add);
        assertEquals(List.of("0=[a, b, c]"), of(WindowEvent.Kind.DOWN));
        assertEquals(List.of("0=" + new WindowMetadata(ALIGN, ALIGN.plusSeconds(10))), of(WindowEvent.Kind.META));
        logic.onEof(events::add);
        assertEquals(List.of("0=[a, b, c]", "1=[d, e]"), of(WindowEvent.Kind.DOWN));
    }

    @Test
    void unorderedFoldsValuesAsTheyArrive() {
        var logic = collecting(clock(5), TEN_SECONDS, false, null);
        logic.onItem(new Ev(4, "b"), events::add);
        logic.onItem(new Ev(2, "a"), events::add);
        logic.onEof(events::add);
        assertEquals(List.of("0=[b, a]"), of(WindowEvent.Kind.DOWN));
    }

    @Test
    void closesWindowsWhenSystemTimePassesWithoutValues() {
        var logic = collecting(clock(0), TEN_SECONDS, true, null);
        logic.onItem(new Ev(3, "a"), events::add);
        now.advance(Duration.ofSeconds(6));
        assertEquals(StatefulLogic.RETAIN, logic.onNotify(events::add));
        assertEquals(List.of(), events, "watermark 9: window 0 still open");
        now.advance(Duration.ofSeconds(1));
        assertEquals(StatefulLogic.DISCARD, logic.onNotify(events::add), "nothing left open");
        assertEquals(List.of("0=[a]"), of(WindowEvent.Kind.DOWN));
    }

    @Test
    void asksToBeWokenAtTheSystemTimeItsWatermarkReachesTheNextClose() {
        var logic = collecting(clock(0), TEN_SECONDS, true, null);
        logic.onItem(new Ev(3, "a"), events::add);
        // Event time is years in the past, yet the wake is 7 s of system time from now.
        Instant before = Instant.now();
        Instant wake = logic.notifyAt();
        assertTrue(!wake.isBefore(before.plusSeconds(7)) && !wake.isAfter(Instant.now().plusSeconds(7)),
                "wake " + wake + " should be 7 s after " + before);
        logic.onEof(events::add);
        assertNull(logic.notifyAt());
    }

    @Test
    void aWakeCreepingEarlierWithEveryValueMovesRarelyAndNeverLate() {
        // The system clock stands still while event time runs: each value brings the close of
        // window 0 closer, as when replaying old data fast.
        EventClock<Long> millis = new EventClock<>(ALIGN::plusMillis, Duration.ZERO, now);
        var logic = WindowKeyLogic.build(millis, new TumblingWindower(Duration.ofSeconds(100), ALIGN),
                (List<Long> r) -> FoldWindowLogic.<Long, List<Long>>collect(r, Collectors.toList()), false, null);
        Set<Instant> asked = new java.util.HashSet<>();
        for (long ms = 0; ms < 90_000; ms += 9) {
            logic.onItem(ms, events::add);
            Instant wake = logic.notifyAt();
            Instant latest = Instant.now().plusMillis(100_000 - ms);
            assertTrue(!wake.isAfter(latest), "wake " + wake + " is after the close at " + latest);
            asked.add(wake);
        }
        assertTrue(asked.size() < 100, "10000 values moved the wake " + asked.size() + " times");
    }

    @Test
    void orderedAsksToBeWokenWhenTheFirstQueuedValueBecomesDue() {
        var logic = collecting(clock(5), TEN_SECONDS, true, null);
        logic.onItem(new Ev(4, "a"), events::add);
        Instant before = Instant.now();
        Instant wake = logic.notifyAt();
        assertTrue(!wake.isBefore(before.plusSeconds(5)) && !wake.isAfter(Instant.now().plusSeconds(5)),
                "wake " + wake + " should be 5 s after " + before);
    }

    @Test
    void resumesOpenWindowsQueueAndWatermarkFromItsSnapshot() {
        var logic = collecting(clock(5), TEN_SECONDS, true, null);
        logic.onItem(new Ev(4, "b"), events::add);
        logic.onItem(new Ev(2, "a"), events::add);
        logic.onItem(new Ev(13, "d"), events::add);
        logic.onItem(new Ev(9, "c"), events::add);
        WindowSnapshot snapshot = logic.snapshot();
        assertEquals(List.of(new WindowSnapshot.Queued(new Ev(9, "c"), ALIGN.plusSeconds(9)),
                new WindowSnapshot.Queued(new Ev(13, "d"), ALIGN.plusSeconds(13))), snapshot.queue());
        assertEquals(Set.of(0L), snapshot.windowStates().keySet());
        assertEquals(new EventClock.State(now.get(), ALIGN.plusSeconds(8)), snapshot.clockState());
        logic.onItem(new Ev(20, "x"), events::add);

        events.clear();
        var resumed = collecting(clock(5), TEN_SECONDS, true, snapshot);
        resumed.onItem(new Ev(3, "late"), events::add);
        resumed.onEof(events::add);
        assertEquals(List.of("0=late"), of(WindowEvent.Kind.LATE), "the resumed watermark is 8");
        assertEquals(List.of("0=[a, b, c]", "1=[d]"), of(WindowEvent.Kind.DOWN),
                "nothing after the snapshot leaks into the resumed state");
    }

    @Test
    void sessionsMergeTheirLogicsAndReportTheMergedIds() {
        var logic = collecting(clock(100), new SessionWindower(Duration.ofSeconds(5)), false, null);
        logic.onItem(new Ev(0, "a"), events::add);
        logic.onItem(new Ev(10, "c"), events::add);
        logic.onItem(new Ev(5, "b"), events::add);
        assertEquals(StatefulLogic.RETAIN, logic.onEof(events::add), "sessions are never discarded");
        assertEquals(List.of("0=[a, b, c]"), of(WindowEvent.Kind.DOWN));
        assertEquals(List.of(new Windowed<>(0, new WindowMetadata(ALIGN, ALIGN.plusSeconds(10), Set.of(1L)))),
                events.stream().filter(e -> e.isFor(WindowEvent.Kind.META))
                        .map(e -> e.itemFor(WindowEvent.Kind.META)).toList());
    }

    @Test
    void slidingWindowsGetEveryValueTheyContain() {
        var logic = collecting(clock(0),
                new SlidingWindower(Duration.ofSeconds(10), Duration.ofSeconds(5), ALIGN), true, null);
        logic.onItem(new Ev(1, "a"), events::add);
        logic.onItem(new Ev(7, "b"), events::add);
        logic.onEof(events::add);
        assertEquals(List.of("-1=[a]", "0=[a, b]", "1=[b]"), of(WindowEvent.Kind.DOWN));
    }

    @Test
    void aClockWhoseWatermarkGoesBackwardsIsAnError() {
        io.waxwing.windowing.Clock<Ev, Void> backwards = resume -> new ClockLogic<>() {
            private Instant watermark = ALIGN;

            @Override
            public void beforeBatch() {
            }

            @Override
            public ItemTime onItem(Ev value) {
                return new ItemTime(value.time(), watermark);
            }

            @Override
            public Instant onNotify() {
                watermark = watermark.minusSeconds(1);
                return watermark;
            }

            @Override
            public Instant onEof() {
                return Instant.MAX;
            }

            @Override
            public Instant toSystemUtc(Instant timestamp) {
                return null;
            }

            @Override
            public Void snapshot() {
                return null;
            }
        };
        var logic = WindowKeyLogic.build(backwards, TEN_SECONDS,
                (List<Ev> r) -> FoldWindowLogic.<Ev, List<Ev>>collect(r, Collectors.toList()), true, null);
        logic.onItem(new Ev(3, "a"), events::add);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> logic.onNotify(events::add));
        assertTrue(e.getMessage().contains("went backwards"), e.getMessage());
    }
}
