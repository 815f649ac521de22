package io.waxwing.windowing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.waxwing.testing.TimeTestingGetter;
import io.waxwing.windowing.BoundedOutOfOrdernessClock;
import io.waxwing.windowing.Clock;
import io.waxwing.windowing.ClockLogic;
import io.waxwing.windowing.EventClock;
import io.waxwing.windowing.SlidingWindower;
import io.waxwing.windowing.TumblingWindower;
import io.waxwing.windowing.Windower;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The window operator's epoch-nanosecond path gives exactly what the {@code Instant} path gives:
 * the same events (late values, window results, metadata) and the same snapshots, for timestamps
 * well inside a long's nanoseconds, across both ends of that range, and far outside it.
 */
class NanosecondPathTest {
    /** A long of epoch nanoseconds ends at 2262-04-11T23:47:16.854775807Z and starts at 1677-09-21T00:12:43.145224192Z. */
    static final Instant LONG_END = Instant.parse("2262-04-11T23:47:16.854775807Z");
    static final Instant LONG_START = Instant.parse("1677-09-21T00:12:43.145224192Z");

    /** A clock that hides the epoch-nanosecond interface of the clock it wraps: the operator takes the Instant path. */
    private record InstantOnly<V, S>(Clock<V, S> inner) implements Clock<V, S> {
        @Override
        public ClockLogic<V, S> build(S resumeState) {
            ClockLogic<V, S> logic = inner.build(resumeState);
            return new ClockLogic<>() {
                @Override
                public void beforeBatch() {
                    logic.beforeBatch();
                }

                @Override
                public ItemTime onItem(V value) {
                    return logic.onItem(value);
                }

                @Override
                public Instant onNotify() {
                    return logic.onNotify();
                }

                @Override
                public Instant onEof() {
                    return logic.onEof();
                }

                @Override
                public Instant toSystemUtc(Instant timestamp) {
                    return logic.toSystemUtc(timestamp);
                }

                @Override
                public S snapshot() {
                    return logic.snapshot();
                }
            };
        }
    }

    /** Timestamps around {@code center}: mostly increasing, some out of order, some very late. */
    static List<Instant> around(Instant center, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Instant> out = new ArrayList<>();
        Instant t = center.minusSeconds(20);
        for (int i = 0; i < 300; i++) {
            t = t.plusMillis(random.nextInt(400));
            long back = random.nextInt(10) == 0 ? random.nextInt(30_000) : random.nextInt(2_000);
            out.add(t.minusMillis(back).plusNanos(random.nextInt(1_000_000)));
        }
        return out;
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        List<Windower<?>> windowers = List.of(
                new TumblingWindower(Duration.ofSeconds(10), Instant.EPOCH),
                new TumblingWindower(Duration.ofSeconds(7), Instant.parse("2024-01-01T00:00:00.5Z")),
                new SlidingWindower(Duration.ofSeconds(10), Duration.ofSeconds(3), Instant.EPOCH),
                new TumblingWindower(Duration.ofDays(1), Instant.MIN));
        List<Instant> centers = List.of(Instant.parse("2024-01-01T00:00:00Z"), LONG_END, LONG_START,
                Instant.parse("1000-01-01T00:00:00Z"), Instant.parse("3000-01-01T00:00:00Z"));
        for (Windower<?> windower : windowers) {
            for (Instant center : centers) {
                for (boolean ordered : new boolean[] {false, true}) {
                    for (String clock : new String[] {"event", "bounded", "bounded-idle"}) {
                        cases.add(Arguments.of(windower, center, ordered, clock));
                    }
                }
            }
        }
        return cases.stream();
    }

    static Clock<Instant, EventClock.State> clock(String kind, TimeTestingGetter now) {
        Duration wait = Duration.ofSeconds(3);
        return switch (kind) {
            case "event" -> new EventClock<Instant>(t -> t, wait, now);
            case "bounded" -> new BoundedOutOfOrdernessClock<Instant>(t -> t, wait, null, now);
            default -> new BoundedOutOfOrdernessClock<Instant>(t -> t, wait, Duration.ofSeconds(2), now);
        };
    }

    /** Runs the values through one key's logic, as the engine would, recording all it emits and its snapshots. */
    private static List<Object> run(Clock<Instant, EventClock.State> clock, Windower<?> windower, boolean ordered,
            List<Instant> values, TimeTestingGetter now) {
        List<Object> record = new ArrayList<>();
        WindowKeyLogic<Instant, Long, Long> logic = WindowKeyLogic.build(clock, windower,
                (Long resume) -> FoldWindowLogic.<Instant, Long>fold(resume == null ? 0L : resume,
                        (n, t) -> n + 1 + t.getNano() % 7, Long::sum),
                ordered, null);
        for (int i = 0; i < values.size(); i++) {
            now.advance(Duration.ofMillis(3));
            record.add(logic.onItem(values.get(i), record::add));
            logic.notifyAt();
            if (i % 50 == 49) {
                now.advance(Duration.ofSeconds(4));
                record.add(logic.onNotify(record::add));
                record.add(logic.snapshot());
            }
        }
        record.add(logic.onEof(record::add));
        record.add(logic.snapshot());
        return record;
    }

    @ParameterizedTest(name = "{0} around {1}, ordered {2}, {3} clock")
    @MethodSource("cases")
    void givesWhatTheInstantPathGives(Windower<?> windower, Instant center, boolean ordered, String clockKind) {
        List<Instant> values = around(center, center.getEpochSecond() ^ windower.hashCode());
        Instant start = Instant.parse("2024-06-01T00:00:00Z");
        TimeTestingGetter fastNow = new TimeTestingGetter(start);
        TimeTestingGetter slowNow = new TimeTestingGetter(start);
        List<Object> fast = run(clock(clockKind, fastNow), windower, ordered, values, fastNow);
        List<Object> slow = run(new InstantOnly<>(clock(clockKind, slowNow)), windower, ordered, values, slowNow);
        assertFalse(fast.isEmpty());
        assertEquals(slow, fast);
    }
}
