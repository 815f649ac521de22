package io.waxwing.windowing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.engine.DataflowPlan;
import io.waxwing.engine.EngineConfig;
import io.waxwing.engine.EngineGroup;
import io.waxwing.engine.recovery.InMemoryRecoveryStore;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Window state goes through the same recovery path as any keyed state: an execution aborted with
 * windows open resumes them (on another number of workers) from the last committed epoch. Runs the
 * engines directly, since the recovery store of the actor runtime lives in another module.
 */
@Timeout(60)
class WindowRecoveryTest {
    private static final Instant ALIGN = Instant.parse("2022-01-01T00:00:00Z");

    /** A value at {@code second} seconds after {@link #ALIGN}, for key {@code key}. */
    record Ev(String key, int second) {
        Instant time() {
            return ALIGN.plusSeconds(second);
        }
    }

    /** Runs {@code flow} on {@code workers} engines of the test kit; false when a source aborted it. */
    private static boolean run(Dataflow flow, int workers, RecoveryStore store) {
        return new EngineGroup(DataflowPlan.of(flow), workers, store, EngineConfig.withEpochInterval(Duration.ZERO),
                Duration.ofMillis(10)).runToCompletion(100_000);
    }

    private static List<String> collectSeconds(List<Object> items, Windower<?> windower) {
        List<KV<Windowed<List<Integer>>>> out = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = new Dataflow("df");
        flow.input("inp", new TestingSource<Ev>(items))
                .keyOn("key", Ev::key)
                .collectWindow("collect", new EventClock<Ev>(Ev::time, Duration.ZERO), windower)
                .down()
                .mapValue("seconds", w -> new Windowed<>(w.windowId(),
                        w.value().stream().map(Ev::second).toList()))
                .output("out", new TestingSink<>(out));
        InMemoryRecoveryStore store = new InMemoryRecoveryStore();
        assertFalse(run(flow, 2, store), "the first execution aborts");
        assertTrue(store.committedEpoch() > 0, "some epochs were committed before the abort");
        assertTrue(run(flow, 3, store), "the resumed execution finishes");
        List<String> lines = new ArrayList<>();
        for (KV<Windowed<List<Integer>>> kv : out) {
            lines.add(kv.key() + " " + kv.value().windowId() + " " + kv.value().value());
        }
        lines.sort(Comparator.naturalOrder());
        return lines;
    }

    @Test
    void resumesOpenTumblingWindowsAfterAnAbort() {
        List<Object> items = List.of(new Ev("a", 0), new Ev("b", 1), new Ev("a", 4), new Ev("a", 8),
                TestingSource.abort(),
                new Ev("a", 12), new Ev("b", 15), new Ev("a", 13));
        assertEquals(List.of("a 0 [0, 4, 8]", "a 1 [12, 13]", "b 0 [1]", "b 1 [15]"),
                collectSeconds(items, new TumblingWindower(Duration.ofSeconds(10), ALIGN)));
    }

    @Test
    void resumesSessionsAndTheirIdsAfterAnAbort() {
        List<Object> items = List.of(new Ev("a", 0), new Ev("a", 2), new Ev("b", 3),
                TestingSource.abort(),
                new Ev("a", 4), new Ev("a", 30), new Ev("b", 40), new Ev("a", 31));
        assertEquals(List.of("a 0 [0, 2, 4]", "a 1 [30, 31]", "b 0 [3]", "b 1 [40]"),
                collectSeconds(items, new SessionWindower(Duration.ofSeconds(5))));
    }
}
