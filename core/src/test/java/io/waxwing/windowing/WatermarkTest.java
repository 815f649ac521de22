package io.waxwing.windowing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The event clock's watermark keeps advancing with system time while no values arrive. Sessions,
 * because their key state is never discarded: with sliding or tumbling windows a key with no open
 * window drops its state, clock included, as in Bytewax.
 */
@Timeout(60)
class WatermarkTest {
    private static final Instant ALIGN = Instant.parse("2022-01-01T00:00:00Z");

    record Ev(String name, long millis) {
        Instant time() {
            return ALIGN.plusMillis(millis);
        }
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void windowClosesDuringAPauseAndLaterValuesForItAreLate(EntryPoint ep) {
        AtomicLong closedAt = new AtomicLong();
        AtomicLong lateReadAt = new AtomicLong();
        List<Windowed<List<String>>> out = new ArrayList<>();
        List<Windowed<Ev>> late = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        WindowOut<Ev, List<Ev>> windows = flow.input("inp", new TestingSource<Ev>(List.of(
                        new Ev("a", 0), TestingSource.pause(Duration.ofSeconds(1)), new Ev("b", 100))))
                .inspect("read", e -> {
                    if (e.name().equals("b")) {
                        lateReadAt.set(System.nanoTime());
                    }
                })
                .keyOn("key", e -> "ALL")
                .collectWindow("collect", new EventClock<Ev>(Ev::time, Duration.ZERO),
                        new SessionWindower(Duration.ofMillis(200)));
        windows.down()
                .inspect("closed", w -> closedAt.compareAndSet(0, System.nanoTime()))
                .keyRm("unkey")
                .map("names", w -> new Windowed<>(w.windowId(), w.value().stream().map(Ev::name).toList()))
                .output("out", new TestingSink<>(out));
        windows.late().keyRm("late_unkey").output("late", new TestingSink<>(late));
        ep.run(flow);
        assertEquals(List.of(new Windowed<>(0, List.of("a"))), out);
        assertEquals(List.of(new Windowed<>(SessionWindower.LATE_SESSION_ID, new Ev("b", 100))), late,
                "one second of system time moved the watermark past b");
        assertTrue(closedAt.get() != 0 && closedAt.get() < lateReadAt.get(),
                "the window closed while the input was paused, not when the next value came");
    }
}
