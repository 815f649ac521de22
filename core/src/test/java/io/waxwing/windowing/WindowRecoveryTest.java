package io.waxwing.windowing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.engine.Activation;
import io.waxwing.engine.EngineConfig;
import io.waxwing.engine.Envelope;
import io.waxwing.engine.Exchange;
import io.waxwing.engine.recovery.InMemoryRecoveryStore;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.engine.WorkerEngine;
import io.waxwing.inputs.AbortExecution;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
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

    /**
     * Runs {@code flow} on {@code workers} engines in this thread, wired by an in-memory exchange,
     * committing every epoch all of them stored; false when a source aborted the execution.
     */
    private static boolean run(Dataflow flow, int workers, RecoveryStore store) {
        List<ArrayDeque<Envelope>> inboxes = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            inboxes.add(new ArrayDeque<>());
        }
        Exchange exchange = (to, envelope) -> inboxes.get(to).add(envelope);
        EngineConfig config = EngineConfig.withEpochInterval(Duration.ZERO);
        List<WorkerEngine> engines = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            engines.add(new WorkerEngine(flow, w, workers, exchange, store, store.committedEpoch() + 1, config));
        }
        try {
            for (int round = 0; round < 100_000; round++) {
                boolean allDone = true;
                for (int w = 0; w < workers; w++) {
                    for (Envelope e; (e = inboxes.get(w).poll()) != null; ) {
                        engines.get(w).deliver(e);
                    }
                    allDone &= engines.get(w).activate() == Activation.DONE;
                }
                long min = Long.MAX_VALUE;
                long max = 0;
                for (WorkerEngine e : engines) {
                    max = Math.max(max, e.storedEpoch());
                    if (!e.finished()) {
                        min = Math.min(min, e.storedEpoch());
                    }
                }
                store.commit(min == Long.MAX_VALUE ? max : min);
                if (allDone) {
                    return true;
                }
            }
            throw new AssertionError("the engines did not finish");
        } catch (AbortExecution abort) {
            return false;
        } finally {
            engines.forEach(WorkerEngine::close);
        }
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
