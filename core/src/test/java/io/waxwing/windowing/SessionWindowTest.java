package io.waxwing.windowing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bytewax's {@code test_session_windower.py} (the dataflow part), plus merging sessions in a flow. */
@Timeout(60)
class SessionWindowTest {
    private static final Instant ALIGN = Instant.parse("2024-01-01T00:00:00Z");

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void sessionWithSystemClock(EntryPoint ep) {
        List<Integer> nums = IntStream.range(0, 10).boxed().toList();
        List<Windowed<List<Integer>>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("input", new TestingSource<Integer>(nums))
                .keyOn("key", x -> "ALL")
                .foldWindow("collect_records", new SystemClock(), new SessionWindower(Duration.ofSeconds(10)),
                        () -> List.<Integer>of(),
                        (List<Integer> acc, Integer x) -> {
                            List<Integer> next = new ArrayList<>(acc);
                            next.add(x);
                            return next;
                        },
                        (a, b) -> {
                            List<Integer> next = new ArrayList<>(a);
                            next.addAll(b);
                            return next;
                        })
                .down()
                .keyRm("unkey")
                .output("out", new TestingSink<>(out));
        ep.run(flow);
        assertEquals(List.of(new Windowed<>(0, nums)), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void aValueBridgingTwoSessionsMergesThem(EntryPoint ep) {
        // Unordered, so that the values reach the windower in arrival order: 10 s opens a second
        // session, and 5 s then bridges the two.
        List<Integer> seconds = List.of(0, 10, 5, 40);
        List<Windowed<String>> out = new ArrayList<>();
        List<Windowed<WindowMetadata>> metas = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        WindowOut<Integer, String> sessions = flow.input("inp", new TestingSource<Integer>(seconds))
                .keyOn("key", x -> "ALL")
                .collectWindow("sessions",
                        new EventClock<Integer>(ALIGN::plusSeconds, ChronoUnit.FOREVER.getDuration()),
                        new SessionWindower(Duration.ofSeconds(5)),
                        Collectors.mapping(String::valueOf, Collectors.joining(",")), false);
        sessions.down().keyRm("unkey").output("out", new TestingSink<>(out));
        sessions.meta().keyRm("meta_unkey").output("meta", new TestingSink<>(metas));
        ep.run(flow);
        assertEquals(List.of(new Windowed<>(0, "0,5,10"), new Windowed<>(2, "40")), out);
        assertEquals(List.of(
                new Windowed<>(0, new WindowMetadata(ALIGN, ALIGN.plusSeconds(10), Set.of(1L))),
                new Windowed<>(2, new WindowMetadata(ALIGN.plusSeconds(40), ALIGN.plusSeconds(40)))), metas);
    }
}
