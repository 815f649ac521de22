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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A watermark driven by the data alone: replaying the same input gives the same windows and the
 * same late values under {@code runMain}, with three workers and with two processes, even with
 * pauses in the input that would move an {@link EventClock}'s watermark.
 */
@Timeout(120)
class BoundedOutOfOrdernessClockTest {
    private static final long WINDOW_MS = 1_000;
    private static final long WAIT_MS = 50;

    /** One event: epoch milliseconds. */
    record Ev(String key, long ms, long value) {
    }

    /**
     * 6 000 events over 40 keys, mostly up to 50 ms out of order, one in 50 up to 400 ms behind
     * (late, unless the key's watermark has not got there yet), with pauses in the input.
     */
    private static List<Object> input() {
        SplittableRandom random = new SplittableRandom(42);
        List<Object> items = new ArrayList<>();
        long start = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 6_000; i++) {
            long back = random.nextInt(50) == 0 ? random.nextInt(400) : random.nextInt((int) WAIT_MS + 1);
            items.add(new Ev("k" + random.nextInt(40), start + i * 2 - back, random.nextInt(100)));
            if (i % 2_000 == 1_999) {
                items.add(TestingSource.pause(Duration.ofMillis(300)));
            }
        }
        return items;
    }

    /** What the windows must be: per key, the watermark is the largest timestamp so far minus the wait. */
    private static List<String> oracle(List<Object> input) {
        Map<String, Long> watermarks = new HashMap<>();
        Map<String, Long> sums = new TreeMap<>();
        List<String> out = new ArrayList<>();
        for (Object o : input) {
            if (!(o instanceof Ev e)) {
                continue;
            }
            long watermark = Math.max(watermarks.getOrDefault(e.key(), Long.MIN_VALUE), e.ms() - WAIT_MS);
            watermarks.put(e.key(), watermark);
            long window = Math.floorDiv(e.ms(), WINDOW_MS);
            if (e.ms() < watermark) {
                out.add("late " + e.key() + " " + window + " " + e);
            } else {
                sums.merge(e.key() + " " + window, e.value(), Long::sum);
            }
        }
        sums.forEach((kw, sum) -> out.add("sum " + kw + " " + sum));
        Collections.sort(out);
        return out;
    }

    private static List<String> run(EntryPoint ep, List<Object> input, Clock<Ev, ?> clock, boolean ordered) {
        List<io.waxwing.dataflow.KV<Windowed<Long>>> sums = new ArrayList<>();
        List<io.waxwing.dataflow.KV<Windowed<Ev>>> late = new ArrayList<>();
        Dataflow flow = new Dataflow("replay");
        WindowOut<Ev, Long> out = flow.input("inp", new TestingSource<Ev>(input, 100))
                .keyOn("key", Ev::key)
                .foldWindow("sum", clock, new TumblingWindower(Duration.ofMillis(WINDOW_MS), Instant.EPOCH),
                        () -> 0L, (acc, e) -> acc + e.value(), Long::sum, ordered);
        out.down().output("out", new TestingSink<>(sums));
        out.late().output("late", new TestingSink<>(late));
        ep.run(flow);
        List<String> result = new ArrayList<>();
        synchronized (sums) {
            sums.forEach(kv -> result.add("sum " + kv.key() + " " + kv.value().windowId() + " " + kv.value().value()));
        }
        synchronized (late) {
            late.forEach(kv -> result.add("late " + kv.key() + " " + kv.value().windowId() + " " + kv.value().value()));
        }
        Collections.sort(result);
        return result;
    }

    static Stream<EntryPoint> replays() {
        return Stream.of(EntryPoint.RUN_MAIN, EntryPoint.CLUSTER_3, EntryPoint.PROCESSES_2X2);
    }

    @ParameterizedTest
    @MethodSource("replays")
    void replayGivesTheSameWindowsAndLateValuesOnAnyNumberOfWorkersAndProcesses(EntryPoint ep) {
        List<Object> input = input();
        List<String> expected = oracle(input);
        assertTrue(expected.stream().anyMatch(s -> s.startsWith("late ")), "the input must have late values");
        for (boolean ordered : new boolean[] {false, true}) {
            assertEquals(expected, run(ep, input, BoundedOutOfOrdernessClock.ofEpochMillis(Ev::ms,
                    Duration.ofMillis(WAIT_MS)), ordered), "ordered " + ordered);
        }
        assertEquals(expected, run(ep, input, new BoundedOutOfOrdernessClock<Ev>(e -> Instant.ofEpochMilli(e.ms()),
                Duration.ofMillis(WAIT_MS)), false), "with an Instant timestamp getter");
    }

    @Test
    void anEventClockMarksValuesLateAfterAPauseWhereThisClockDoesNot() {
        long start = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        List<Object> input = List.of(new Ev("a", start, 1), new Ev("a", start + 100, 2),
                TestingSource.pause(Duration.ofMillis(500)), new Ev("a", start + 80, 4));
        List<String> bounded = run(EntryPoint.RUN_MAIN, input,
                BoundedOutOfOrdernessClock.ofEpochMillis(Ev::ms, Duration.ofMillis(WAIT_MS)), false);
        assertEquals(List.of("sum a " + start / WINDOW_MS + " 7"), bounded);
        List<String> event = run(EntryPoint.RUN_MAIN, input,
                EventClock.ofEpochMillis(Ev::ms, Duration.ofMillis(WAIT_MS)), false);
        assertTrue(event.stream().anyMatch(s -> s.startsWith("late a")), event.toString());
    }

    @Test
    void idleTimeoutClosesAWindowWhileTheInputPauses() {
        long start = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        AtomicLong bReadAt = new AtomicLong();
        AtomicLong aClosedAt = new AtomicLong();
        Dataflow flow = new Dataflow("idle");
        WindowOut<Ev, Long> out = flow.input("inp", new TestingSource<Ev>(List.of(new Ev("a", start, 1),
                        TestingSource.pause(Duration.ofMillis(2_500)), new Ev("b", start + 10_000, 1))))
                .inspect("read", e -> {
                    if (e.key().equals("b")) {
                        bReadAt.set(System.nanoTime());
                    }
                })
                .keyOn("key", Ev::key)
                .foldWindow("sum", BoundedOutOfOrdernessClock.ofEpochMillis(Ev::ms, Duration.ofMillis(WAIT_MS),
                                Duration.ofMillis(200)),
                        new TumblingWindower(Duration.ofMillis(WINDOW_MS), Instant.EPOCH), () -> 0L,
                        (acc, e) -> acc + e.value(), Long::sum, false);
        out.down().inspect("closed", kv -> {
            if (kv.key().equals("a")) {
                aClosedAt.set(System.nanoTime());
            }
        }).output("out", new TestingSink<>(new ArrayList<>()));
        EntryPoint.RUN_MAIN.run(flow);
        // The window ends 1 050 ms of event time after the watermark; 200 ms idle, then the system
        // time moves the watermark there about 1.25 s into the 2.5 s pause.
        assertTrue(aClosedAt.get() != 0 && aClosedAt.get() < bReadAt.get(),
                "key a's window must close during the pause, before b is read");
    }

    @Test
    void rejectsANegativeBoundAndAnIdleTimeoutThatIsNotPositive() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new BoundedOutOfOrdernessClock<Ev>(e -> Instant.EPOCH, Duration.ofMillis(-1)));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new BoundedOutOfOrdernessClock<Ev>(x -> Instant.EPOCH, Duration.ZERO, Duration.ZERO));
        assertTrue(e.getMessage().contains("idleTimeout"), e.getMessage());
    }
}
