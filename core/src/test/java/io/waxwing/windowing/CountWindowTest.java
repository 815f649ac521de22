package io.waxwing.windowing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bytewax's {@code test_count_window.py}. */
@Timeout(60)
class CountWindowTest {
    private static final Instant ALIGN = Instant.parse("2022-01-01T00:00:00Z");

    record Visit(Instant time, String user) {
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void countsTheValuesOfEachKeyPerWindow(EntryPoint ep) {
        List<Visit> inp = List.of(
                new Visit(ALIGN, "a"),
                new Visit(ALIGN.plusSeconds(4), "a"),
                new Visit(ALIGN.plusSeconds(8), "b"),
                // The first 10-second window closes while this is processed.
                new Visit(ALIGN.plusSeconds(12), "a"),
                new Visit(ALIGN.plusSeconds(13), "a"));
        List<KV<Windowed<Long>>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Visit>(inp))
                .keyOn("user", Visit::user)
                .countWindow("add", new EventClock<Visit>(Visit::time, Duration.ZERO),
                        new TumblingWindower(Duration.ofSeconds(10), ALIGN))
                .down()
                .output("out", new TestingSink<>(out));
        ep.run(flow);
        out.sort(Comparator.comparing((KV<Windowed<Long>> kv) -> kv.key())
                .thenComparingLong(kv -> kv.value().windowId()));
        assertEquals(List.of(
                KV.of("a", new Windowed<>(0, 2L)),
                KV.of("a", new Windowed<>(1, 2L)),
                KV.of("b", new Windowed<>(0, 1L))), out);
    }
}
