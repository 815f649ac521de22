package io.waxwing.windowing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.KeyedStream;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bytewax's {@code test_reduce_window.py} and {@code test_max_min_window.py}. */
@Timeout(60)
class ReduceWindowTest {
    private static final Instant ALIGN = Instant.parse("2022-01-01T00:00:00Z");

    record Reading(Instant time, String user, int val) {
    }

    private static List<Reading> readings(int... vals) {
        int[] seconds = {0, 4, 8, 12, 13}; // the first 10-second window closes at the fourth
        List<Reading> inp = new ArrayList<>();
        for (int i = 0; i < vals.length; i++) {
            inp.add(new Reading(ALIGN.plusSeconds(seconds[i]), "a", vals[i]));
        }
        return inp;
    }

    private static KeyedStream<Reading> keyed(Dataflow flow, List<Reading> inp) {
        return flow.input("inp", new TestingSource<Reading>(inp)).keyOn("key_on_user", Reading::user);
    }

    private static EventClock<Reading> clock() {
        return new EventClock<>(Reading::time, Duration.ZERO);
    }

    private static TumblingWindower windower() {
        return new TumblingWindower(Duration.ofSeconds(10), ALIGN);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void reducesEachWindow(EntryPoint ep) {
        Dataflow flow = new Dataflow("test_df");
        List<KV<Windowed<Integer>>> out = new ArrayList<>();
        keyed(flow, readings(1, 1, 1, 1, 1))
                .reduceWindow("add", clock(), windower(),
                        (acc, x) -> new Reading(acc.time(), acc.user(), acc.val() + x.val()))
                .down()
                .mapValue("extract_val", w -> new Windowed<>(w.windowId(), w.value().val()))
                .output("out", new TestingSink<>(out));
        ep.run(flow);
        assertEquals(List.of(KV.of("a", new Windowed<>(0, 3)), KV.of("a", new Windowed<>(1, 2))), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void findsTheMaximumOfEachWindow(EntryPoint ep) {
        List<Reading> inp = readings(1, 9, 3, 10, 4);
        Dataflow flow = new Dataflow("test_df");
        List<KV<Windowed<Reading>>> out = new ArrayList<>();
        keyed(flow, inp).maxWindow("add", clock(), windower(), Comparator.comparingInt(Reading::val))
                .down()
                .output("out", new TestingSink<>(out));
        ep.run(flow);
        assertEquals(List.of(KV.of("a", new Windowed<>(0, inp.get(1))), KV.of("a", new Windowed<>(1, inp.get(3)))),
                out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void findsTheMinimumOfEachWindow(EntryPoint ep) {
        List<Reading> inp = readings(1, 9, 3, 10, 4);
        Dataflow flow = new Dataflow("test_df");
        List<KV<Windowed<Reading>>> out = new ArrayList<>();
        keyed(flow, inp).minWindow("min", clock(), windower(), Comparator.comparingInt(Reading::val))
                .down()
                .output("out", new TestingSink<>(out));
        ep.run(flow);
        assertEquals(List.of(KV.of("a", new Windowed<>(0, inp.get(0))), KV.of("a", new Windowed<>(1, inp.get(4)))),
                out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void comparesComparableValuesByNaturalOrder(EntryPoint ep) {
        Dataflow flow = new Dataflow("test_df");
        List<KV<Windowed<Integer>>> maxes = new ArrayList<>();
        List<KV<Windowed<Integer>>> mins = new ArrayList<>();
        KeyedStream<Integer> vals = keyed(flow, readings(1, 9, 3, 10, 4)).mapValue("val", Reading::val);
        // Each value is its own number of seconds; nothing is late and one window holds them all.
        EventClock<Integer> clock = new EventClock<Integer>(ALIGN::plusSeconds, ChronoUnit.FOREVER.getDuration());
        TumblingWindower minute = new TumblingWindower(Duration.ofMinutes(1), ALIGN);
        vals.maxWindow("max", clock, minute).down().output("max_out", new TestingSink<>(maxes));
        vals.minWindow("min", clock, minute).down().output("min_out", new TestingSink<>(mins));
        ep.run(flow);
        assertEquals(List.of(KV.of("a", new Windowed<>(0, 10))), maxes);
        assertEquals(List.of(KV.of("a", new Windowed<>(0, 1))), mins);
    }
}
