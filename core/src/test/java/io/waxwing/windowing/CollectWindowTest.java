package io.waxwing.windowing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KeyedStream;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bytewax's {@code test_collect_window.py}, and collecting into other containers. */
@Timeout(60)
class CollectWindowTest {
    private static final Instant ALIGN = Instant.parse("2022-01-01T00:00:00Z");

    record Event(Instant timestamp, int value) {
    }

    private static final List<Event> INPUT = List.of(
            new Event(ALIGN, 1),
            new Event(ALIGN.plusSeconds(8), 3),
            new Event(ALIGN.plusSeconds(4), 2),
            // The first 10-second window closes while this is processed.
            new Event(ALIGN.plusSeconds(13), 5),
            new Event(ALIGN.plusSeconds(12), 4));

    private static KeyedStream<Event> keyed(Dataflow flow) {
        return flow.input("inp", new TestingSource<Event>(INPUT)).keyOn("key", e -> "ALL");
    }

    private static EventClock<Event> clock() {
        return new EventClock<>(Event::timestamp, ChronoUnit.FOREVER.getDuration());
    }

    private static TumblingWindower windower() {
        return new TumblingWindower(Duration.ofSeconds(10), ALIGN);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void collectsEachWindowInTimestampOrder(EntryPoint ep) {
        Dataflow flow = new Dataflow("test_df");
        List<Windowed<List<Integer>>> out = new ArrayList<>();
        keyed(flow).collectWindow("collect_window", clock(), windower())
                .down()
                .keyRm("unkey")
                .map("clean", w -> new Windowed<>(w.windowId(), w.value().stream().map(Event::value).toList()))
                .output("out", new TestingSink<>(out));
        ep.run(flow);
        assertEquals(List.of(new Windowed<>(0, List.of(1, 2, 3)), new Windowed<>(1, List.of(4, 5))), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void collectsIntoASetWithACollector(EntryPoint ep) {
        Dataflow flow = new Dataflow("test_df");
        List<Windowed<Set<Integer>>> out = new ArrayList<>();
        keyed(flow).collectWindow("collect_window", clock(), windower(),
                        Collectors.mapping(Event::value, Collectors.toSet()))
                .down()
                .keyRm("unkey")
                .output("out", new TestingSink<>(out));
        ep.run(flow);
        assertEquals(List.of(new Windowed<>(0, Set.of(1, 2, 3)), new Windowed<>(1, Set.of(4, 5))), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void collectsIntoAMapWhereTheLatestValueOfAKeyWins(EntryPoint ep) {
        Dataflow flow = new Dataflow("test_df");
        List<Windowed<Map<String, Integer>>> out = new ArrayList<>();
        keyed(flow).collectWindow("collect_window", clock(), windower(),
                        Collectors.toMap((Event e) -> e.value() % 2 == 0 ? "even" : "odd", Event::value, (a, b) -> b))
                .down()
                .keyRm("unkey")
                .output("out", new TestingSink<>(out));
        ep.run(flow);
        assertEquals(List.of(
                new Windowed<>(0, Map.of("odd", 3, "even", 2)),
                new Windowed<>(1, Map.of("odd", 5, "even", 4))), out);
    }
}
