package io.waxwing.windowing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KeyedStream;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bytewax's {@code test_fold_window.py} (tumbling, session and sliding), plus late and meta streams. */
@Timeout(60)
class FoldWindowTest {
    private static final Instant ALIGN = Instant.parse("2022-01-01T00:00:00Z");

    record UserEvent(Instant timestamp, String typ) {
    }

    record Event(Instant timestamp, String value) {
    }

    private static Event ev(int second, String value) {
        return new Event(ALIGN.plusSeconds(second), value);
    }

    private static Map<String, Integer> count(Map<String, Integer> counts, UserEvent e) {
        Map<String, Integer> next = new HashMap<>(counts);
        next.merge(e.typ(), 1, Integer::sum);
        return next;
    }

    private static Map<String, Integer> mergeCounts(Map<String, Integer> a, Map<String, Integer> b) {
        Map<String, Integer> next = new HashMap<>(a);
        next.putAll(b);
        return next;
    }

    private static List<String> append(List<String> acc, Event e) {
        List<String> next = new ArrayList<>(acc);
        next.add(e.value());
        return next;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> next = new ArrayList<>(a);
        next.addAll(b);
        return next;
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void foldsTumblingWindows(EntryPoint ep) {
        List<UserEvent> inp = List.of(
                new UserEvent(ALIGN, "login"),
                new UserEvent(ALIGN.plusSeconds(4), "post"),
                new UserEvent(ALIGN.plusSeconds(8), "post"),
                // The first 10-second window closes while this is processed.
                new UserEvent(ALIGN.plusSeconds(16), "post"));
        List<Windowed<Map<String, Integer>>> out = new ArrayList<>();
        List<Windowed<WindowMetadata>> metas = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        WindowOut<UserEvent, Map<String, Integer>> fold = flow.input("inp", new TestingSource<UserEvent>(inp))
                .keyOn("key", e -> "ALL")
                .foldWindow("count", new EventClock<UserEvent>(UserEvent::timestamp, Duration.ZERO),
                        new TumblingWindower(Duration.ofSeconds(10), ALIGN),
                        HashMap::new, FoldWindowTest::count, FoldWindowTest::mergeCounts);
        fold.down().keyRm("key_rm").output("out", new TestingSink<>(out));
        fold.meta().keyRm("meta_rm").output("meta", new TestingSink<>(metas));
        ep.run(flow);
        assertEquals(List.of(
                new Windowed<>(0, Map.of("login", 1, "post", 2)),
                new Windowed<>(1, Map.of("post", 1))), out);
        assertEquals(List.of(
                new Windowed<>(0, new WindowMetadata(ALIGN, ALIGN.plusSeconds(10))),
                new Windowed<>(1, new WindowMetadata(ALIGN.plusSeconds(10), ALIGN.plusSeconds(20)))), metas);
    }

    private static WindowOut<Event, List<String>> foldEvents(Dataflow flow, List<Event> inp, Windower<?> windower) {
        KeyedStream<Event> keyed = flow.input("inp", new TestingSource<Event>(inp)).keyOn("key", e -> "ALL");
        return keyed.foldWindow("sum", new EventClock<Event>(Event::timestamp, Duration.ZERO), windower,
                ArrayList::new, FoldWindowTest::append, FoldWindowTest::concat);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void foldsSessions(EntryPoint ep) {
        List<Event> inp = List.of(
                // Session 0
                ev(1, "a"), ev(5, "b"),
                // Session 1
                ev(11, "c"), ev(12, "d"), ev(13, "e"), ev(14, "f"),
                // Session 2
                ev(20, "g"),
                // Late: ignored
                ev(1, "h"));
        List<Windowed<List<String>>> out = new ArrayList<>();
        List<Windowed<Event>> late = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        WindowOut<Event, List<String>> fold = foldEvents(flow, inp, new SessionWindower(Duration.ofSeconds(5)));
        fold.down().keyRm("unkey").output("out", new TestingSink<>(out));
        fold.late().keyRm("late_unkey").output("late", new TestingSink<>(late));
        ep.run(flow);
        assertEquals(List.of(
                new Windowed<>(0, List.of("a", "b")),
                new Windowed<>(1, List.of("c", "d", "e", "f")),
                new Windowed<>(2, List.of("g"))), out);
        assertEquals(List.of(new Windowed<>(SessionWindower.LATE_SESSION_ID, ev(1, "h"))), late);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void foldsSlidingWindows(EntryPoint ep) {
        //  a  b   c   def g
        //  h
        // -----)
        // [---------)
        //      [---------)
        //           [---------)
        //                [---------)
        List<Event> inp = List.of(
                ev(1, "a"), ev(4, "b"), ev(8, "c"), ev(12, "d"), ev(13, "e"), ev(14, "f"), ev(16, "g"),
                // Late: ignored
                ev(1, "h"));
        List<Windowed<List<String>>> out = new ArrayList<>();
        List<Windowed<Event>> late = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        WindowOut<Event, List<String>> fold = foldEvents(flow, inp,
                new SlidingWindower(Duration.ofSeconds(10), Duration.ofSeconds(5), ALIGN));
        fold.down().keyRm("unkey").output("out", new TestingSink<>(out));
        fold.late().keyRm("late_unkey").output("late", new TestingSink<>(late));
        ep.run(flow);
        assertEquals(List.of(
                new Windowed<>(-1, List.of("a", "b")),
                new Windowed<>(0, List.of("a", "b", "c")),
                new Windowed<>(1, List.of("c", "d", "e", "f")),
                new Windowed<>(2, List.of("d", "e", "f", "g")),
                new Windowed<>(3, List.of("g"))), out);
        assertEquals(List.of(new Windowed<>(-1, ev(1, "h")), new Windowed<>(0, ev(1, "h"))), late,
                "a late value is reported for every window it would have been in");
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void foldsManyValuesUnorderedIntoOneResultPerWindow(EntryPoint ep) {
        // Bytewax's fold benchmark scenario, smaller: one value per second, one-minute windows.
        List<Instant> inp = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            inp.add(ALIGN.plusSeconds(i));
        }
        List<Windowed<Long>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("bench");
        flow.input("in", new TestingSource<Instant>(inp, 10))
                .keyOn("key", x -> "ALL")
                .foldWindow("fold_window", new EventClock<Instant>(x -> x, Duration.ZERO),
                        new TumblingWindower(Duration.ofMinutes(1), ALIGN), () -> 0L, (n, x) -> n + 1, Long::sum, false)
                .down()
                .keyRm("unkey")
                .output("out", new TestingSink<>(out));
        ep.run(flow);
        List<Windowed<Long>> expected = new ArrayList<>();
        for (int w = 0; w < 50; w++) {
            expected.add(new Windowed<>(w, 60L));
        }
        assertEquals(expected, out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void eachWindowsValueComesBeforeItsMetadataWhenTheStreamsAreMerged(EntryPoint ep) {
        // A fold's closed window reaches the down and the meta stream from one event: merged
        // again, each window's value still comes before its metadata, window after window.
        List<Event> inp = List.of(ev(0, "a"), ev(12, "b"), ev(25, "c"), ev(31, "d"));
        List<String> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        WindowOut<Event, List<String>> fold = foldEvents(flow, inp, new TumblingWindower(Duration.ofSeconds(10), ALIGN));
        fold.down().keyRm("down_rm").map("down_str", w -> "down " + w.windowId() + " " + w.value())
                .merge("merged", fold.meta().keyRm("meta_rm").map("meta_str", w -> "meta " + w.windowId()))
                .output("out", new TestingSink<>(out));
        ep.run(flow);
        assertEquals(List.of("down 0 [a]", "meta 0", "down 1 [b]", "meta 1", "down 2 [c]", "meta 2",
                "down 3 [d]", "meta 3"), out);
    }
}
