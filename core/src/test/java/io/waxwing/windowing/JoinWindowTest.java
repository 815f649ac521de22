package io.waxwing.windowing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.BranchOut;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KeyedStream;
import io.waxwing.operators.JoinEmitMode;
import io.waxwing.operators.JoinInsertMode;
import io.waxwing.operators.Joined;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bytewax's {@code test_join_window.py}, plus many sides and late values. */
@Timeout(60)
class JoinWindowTest {
    private static final Instant ALIGN = Instant.parse("2024-01-01T00:00:00Z");

    record Event(Instant timestamp, int value) {
    }

    private static Event ev(int second, int value) {
        return new Event(ALIGN.plusSeconds(second), value);
    }

    private static Integer valueOf(Event e) {
        return e == null ? null : e.value();
    }

    /** Joins {@code left} with {@code right} in 10-second sessions; rows as {@code [left, right]} values. */
    private static List<List<Integer>> join(EntryPoint ep, List<Event> left, List<Event> right,
            JoinInsertMode insertMode, JoinEmitMode emitMode) {
        Dataflow flow = new Dataflow("test_df");
        KeyedStream<Event> lefts = flow.input("inp_l", new TestingSource<Event>(left)).keyOn("key_l", e -> "ALL");
        KeyedStream<Event> rights = flow.input("inp_r", new TestingSource<Event>(right)).keyOn("key_r", e -> "ALL");
        EventClock<Event> clock = new EventClock<>(Event::timestamp, ChronoUnit.FOREVER.getDuration());
        SessionWindower windower = new SessionWindower(Duration.ofSeconds(10));
        WindowOut<SideValue, Joined<Event, Event>> joined = insertMode == null
                ? lefts.joinWindow("join", clock, windower, rights)
                : lefts.joinWindow("join", clock, windower, rights, insertMode, emitMode);
        List<List<Integer>> out = new ArrayList<>();
        joined.down()
                .keyRm("unkey")
                .map("clean", w -> Arrays.asList(valueOf(w.value().left()), valueOf(w.value().right())))
                .output("out", new TestingSink<>(out));
        ep.run(flow);
        return out;
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void firstComplete(EntryPoint ep) {
        assertEquals(List.of(List.of(1, 2)),
                join(ep, List.of(ev(0, 1)), List.of(ev(2, 3), ev(1, 2)), JoinInsertMode.FIRST, JoinEmitMode.COMPLETE));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void lastComplete(EntryPoint ep) {
        assertEquals(List.of(List.of(1, 2)),
                join(ep, List.of(ev(0, 1)), List.of(ev(1, 2)), JoinInsertMode.LAST, JoinEmitMode.COMPLETE));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void lastFinal(EntryPoint ep) {
        assertEquals(List.of(List.of(1, 3)),
                join(ep, List.of(ev(0, 1)), List.of(ev(1, 2), ev(2, 3)), JoinInsertMode.LAST, JoinEmitMode.FINAL));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void defaultModeIsLastFinal(EntryPoint ep) {
        assertEquals(List.of(List.of(1, 3)), join(ep, List.of(ev(0, 1)), List.of(ev(1, 2), ev(2, 3)), null, null));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void lastRunning(EntryPoint ep) {
        assertEquals(List.of(Arrays.asList(1, null), List.of(1, 2), List.of(1, 3)),
                join(ep, List.of(ev(0, 1)), List.of(ev(1, 2), ev(2, 3)), JoinInsertMode.LAST, JoinEmitMode.RUNNING));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void productFinal(EntryPoint ep) {
        assertEquals(List.of(List.of(1, 3), List.of(1, 4), List.of(2, 3), List.of(2, 4)),
                join(ep, List.of(ev(0, 1), ev(1, 2)), List.of(ev(1, 3), ev(2, 4)),
                        JoinInsertMode.PRODUCT, JoinEmitMode.FINAL));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void joinsAnyNumberOfSidesWithNullForAMissingOne(EntryPoint ep) {
        Dataflow flow = new Dataflow("test_df");
        KeyedStream<Event> a = flow.input("a", new TestingSource<Event>(List.of(ev(0, 1)))).keyOn("key_a", e -> "k");
        KeyedStream<Event> b = flow.input("b", new TestingSource<Event>(List.of(ev(1, 2), ev(30, 5))))
                .keyOn("key_b", e -> "k");
        KeyedStream<Event> c = flow.input("c", new TestingSource<Event>(List.of(ev(2, 3)))).keyOn("key_c", e -> "k");
        List<Windowed<List<Integer>>> out = new ArrayList<>();
        a.joinWindow("join", new EventClock<Event>(Event::timestamp, ChronoUnit.FOREVER.getDuration()),
                        new SessionWindower(Duration.ofSeconds(10)), JoinInsertMode.LAST, JoinEmitMode.FINAL, b, c)
                .down()
                .keyRm("unkey")
                .map("clean", w -> new Windowed<>(w.windowId(),
                        w.value().stream().map(x -> valueOf((Event) x)).toList()))
                .output("out", new TestingSink<>(out));
        ep.run(flow);
        assertEquals(List.of(new Windowed<>(0, List.of(1, 2, 3)), new Windowed<>(1, Arrays.asList(null, 5, null))),
                out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void lateValuesSayWhichSideTheyCameFrom(EntryPoint ep) {
        // One source split in two, so that the values reach the join in source order.
        record Tagged(String side, Event event) {
        }
        List<Tagged> inp = List.of(new Tagged("l", ev(0, 1)), new Tagged("r", ev(30, 3)), new Tagged("r", ev(1, 2)));
        Dataflow flow = new Dataflow("test_df");
        BranchOut<Tagged, Tagged> sides = flow.input("inp", new TestingSource<Tagged>(inp))
                .branch("split", t -> t.side().equals("l"));
        KeyedStream<Event> lefts = sides.trues().map("l", Tagged::event).keyOn("key_l", e -> "ALL");
        KeyedStream<Event> rights = sides.falses().map("r", Tagged::event).keyOn("key_r", e -> "ALL");
        WindowOut<SideValue, Joined<Event, Event>> joined = lefts.joinWindow("join",
                new EventClock<Event>(Event::timestamp, Duration.ZERO), new SessionWindower(Duration.ofSeconds(10)),
                rights);
        List<List<Integer>> out = new ArrayList<>();
        List<Windowed<SideValue>> late = new ArrayList<>();
        joined.down().keyRm("unkey")
                .map("clean", w -> Arrays.asList(valueOf(w.value().left()), valueOf(w.value().right())))
                .output("out", new TestingSink<>(out));
        joined.late().keyRm("late_unkey").output("late", new TestingSink<>(late));
        ep.run(flow);
        assertEquals(List.of(Arrays.asList(1, null), Arrays.asList(null, 3)), out);
        assertEquals(List.of(new Windowed<>(SessionWindower.LATE_SESSION_ID, new SideValue(1, ev(1, 2)))), late);
    }
}
