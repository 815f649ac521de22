package io.waxwing.windowing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KeyedStream;
import io.waxwing.errors.WaxwingRuntimeException;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The general {@code window} operator with a user's {@link WindowLogic}, and how window steps fail. */
@Timeout(60)
class WindowTest {
    private static final Instant ALIGN = Instant.parse("2022-01-01T00:00:00Z");

    /** Emits the running sum on every value and the total on close. */
    static final class RunningSum implements WindowLogic<Integer, String, Integer> {
        private int sum;

        RunningSum(Integer resume) {
            sum = resume == null ? 0 : resume;
        }

        @Override
        public void onValue(Integer value, Consumer<? super String> emit) {
            sum += value;
            emit.accept("running " + sum);
        }

        @Override
        public void onMerge(WindowLogic<Integer, String, Integer> original, Consumer<? super String> emit) {
            sum += original.snapshot();
        }

        @Override
        public void onClose(Consumer<? super String> emit) {
            emit.accept("total " + sum);
        }

        @Override
        public Integer snapshot() {
            return sum;
        }
    }

    private static KeyedStream<Integer> seconds(Dataflow flow, List<Integer> inp) {
        return flow.input("inp", new TestingSource<Integer>(inp)).keyOn("key", x -> "ALL");
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void runsAUsersWindowLogicAndEmitsWhatItEmits(EntryPoint ep) {
        Dataflow flow = new Dataflow("test_df");
        List<Windowed<String>> out = new ArrayList<>();
        List<Windowed<Integer>> late = new ArrayList<>();
        List<Windowed<WindowMetadata>> metas = new ArrayList<>();
        WindowOut<Integer, String> sums = seconds(flow, List.of(1, 5, 12, 3))
                .window("sum", new EventClock<Integer>(ALIGN::plusSeconds, Duration.ZERO),
                        new TumblingWindower(Duration.ofSeconds(10), ALIGN), RunningSum::new);
        sums.down().keyRm("unkey").output("out", new TestingSink<>(out));
        sums.late().keyRm("late_unkey").output("late", new TestingSink<>(late));
        sums.meta().keyRm("meta_unkey").output("meta", new TestingSink<>(metas));
        ep.run(flow);
        assertEquals(List.of(
                new Windowed<>(0, "running 1"),
                new Windowed<>(0, "running 6"),
                new Windowed<>(1, "running 12"),
                new Windowed<>(0, "total 6"),
                new Windowed<>(1, "total 12")), out);
        assertEquals(List.of(new Windowed<>(0, 3)), late);
        assertEquals(List.of(
                new Windowed<>(0, new WindowMetadata(ALIGN, ALIGN.plusSeconds(10))),
                new Windowed<>(1, new WindowMetadata(ALIGN.plusSeconds(10), ALIGN.plusSeconds(20)))), metas);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void keepsEachKeysWindowsApart(EntryPoint ep) {
        Dataflow flow = new Dataflow("test_df");
        List<String> out = new ArrayList<>();
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3, 4, 5, 6, 11, 12)))
                .keyOn("parity", x -> x % 2 == 0 ? "even" : "odd")
                .reduceWindow("sum", new EventClock<Integer>(ALIGN::plusSeconds, Duration.ZERO),
                        new TumblingWindower(Duration.ofSeconds(10), ALIGN), Integer::sum)
                .down()
                .map("fmt", kv -> kv.key() + " " + kv.value().windowId() + " " + kv.value().value())
                .output("out", new TestingSink<>(out));
        ep.run(flow);
        out.sort(null);
        assertEquals(List.of("even 0 12", "even 1 12", "odd 0 9", "odd 1 11"), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void aFailingTimestampGetterStopsTheExecutionNamingTheStep(EntryPoint ep) {
        IllegalStateException boom = new IllegalStateException("no timestamp");
        Dataflow flow = new Dataflow("test_df");
        seconds(flow, List.of(1, 2))
                .countWindow("count", new EventClock<Integer>(x -> {
                    throw boom;
                }, Duration.ZERO), new TumblingWindower(Duration.ofSeconds(10), ALIGN))
                .down()
                .output("out", new TestingSink<>(new ArrayList<>()));
        WaxwingRuntimeException e = assertThrows(WaxwingRuntimeException.class, () -> ep.run(flow));
        assertEquals("test_df.count.stateful", e.stepId());
        assertTrue(e.getMessage().contains("test_df.count"), e.getMessage());
        Throwable cause = e;
        while (cause != null && cause != boom) {
            cause = cause.getCause();
        }
        assertSame(boom, cause, "the user's exception is in the cause chain");
    }

    @Test
    void aWindowOperatorsStepIdIsTakenLikeAnyOther() {
        Dataflow flow = new Dataflow("test_df");
        KeyedStream<Integer> keyed = seconds(flow, List.of(1));
        EventClock<Integer> clock = new EventClock<Integer>(ALIGN::plusSeconds, Duration.ZERO);
        TumblingWindower windower = new TumblingWindower(Duration.ofSeconds(10), ALIGN);
        WindowOut<Integer, Long> counts = keyed.countWindow("count", clock, windower);
        assertEquals("test_df.count.down", counts.down().stepId());
        assertEquals("test_df.count.late", counts.late().stepId());
        assertEquals("test_df.count.meta", counts.meta().stepId());
        assertThrows(IllegalArgumentException.class, () -> keyed.countWindow("count", clock, windower));
        assertThrows(IllegalArgumentException.class, () -> keyed.map("count", x -> x));
    }
}
