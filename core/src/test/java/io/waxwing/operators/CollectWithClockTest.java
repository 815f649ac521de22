package io.waxwing.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.KeyedStream;
import io.waxwing.engine.recovery.InMemoryRecoveryStore;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import io.waxwing.testing.TimeTestingGetter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link KeyedStream#collect(String, Duration, int, java.time.InstantSource)}: the timeout is
 * measured by the given clock (Bytewax's {@code now_getter}), here a {@link TimeTestingGetter}.
 */
@Timeout(120)
class CollectWithClockTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static List<List<Integer>> values(List<KV<List<Integer>>> out) {
        synchronized (out) {
            List<List<Integer>> values = out.stream().map(KV::value).toList();
            out.clear();
            return values;
        }
    }

    private static Dataflow flow(List<?> items, TimeTestingGetter clock, List<KV<List<Integer>>> out) {
        Dataflow flow = new Dataflow("test_df");
        KeyedStream.of(flow.input("inp", new TestingSource<KV<Integer>>(items)))
                .collect("collect", Duration.ofSeconds(10), 100, clock)
                .output("out", new TestingSink<>(out));
        return flow;
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void aClockThatDoesNotReachTheTimeoutKeepsCollectingWhateverTheSystemTime(EntryPoint ep) {
        // Years behind the system clock: a timeout measured by system time would fire at once.
        TimeTestingGetter clock = new TimeTestingGetter(T0);
        List<KV<List<Integer>>> out = Collections.synchronizedList(new ArrayList<>());

        ep.run(flow(List.of(KV.of("ALL", 1), KV.of("ALL", 2), KV.of("ALL", 3)), clock, out));

        assertEquals(List.of(List.of(1, 2, 3)), values(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void aListTimesOutOnceTheClockPassesItsDeadline(EntryPoint ep) {
        InMemoryRecoveryStore recovery = new InMemoryRecoveryStore();
        TimeTestingGetter clock = new TimeTestingGetter(T0);
        List<KV<List<Integer>>> out = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = flow(List.of(KV.of("ALL", 1), KV.of("ALL", 2), TestingSource.abort(), KV.of("ALL", 3)),
                clock, out);

        ep.run(flow, Duration.ZERO, recovery);
        assertEquals(List.of(), values(out));

        // The resumed [1, 2] is due by the clock: it times out before 3 arrives.
        clock.advance(Duration.ofSeconds(11));
        ep.run(flow, Duration.ZERO, recovery);
        assertEquals(List.of(List.of(1, 2), List.of(3)), values(out));
    }
}
