package io.waxwing.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.KeyedStream;
import io.waxwing.dataflow.StateAndOutput;
import io.waxwing.engine.recovery.InMemoryRecoveryStore;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.inputs.AbortExecution;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A worker that stops (a source aborts, or its driver stops its inputs) still stores the epochs its
 * inputs closed before: those closed in the activation the abort interrupted, and those whose
 * barriers were still on their way through the worker.
 */
class EngineStopTest {

    /** {@code inp → keep_last → [keep_last] → out}, one epoch per input batch. */
    private static WorkerEngine engine(List<?> items, int statefulSteps, RecoveryStore store, List<Object> out) {
        Dataflow flow = new Dataflow("test_df");
        KeyedStream<String> s = KeyedStream.of(flow.<KV<String>>input("inp", new TestingSource<>(items)));
        for (int i = 0; i < statefulSteps; i++) {
            s = s.statefulMap("keep_last_" + i, (String last, String v) -> new StateAndOutput<>(v, v));
        }
        s.output("out", new TestingSink<>(out));
        WorkerEngine[] self = new WorkerEngine[1];
        self[0] = new WorkerEngine(DataflowPlan.of(flow), 0, 1, (to, env) -> self[0].deliver(env), store, 1,
                EngineConfig.withEpochInterval(Duration.ZERO));
        return self[0];
    }

    private static void activateUntilAbort(WorkerEngine engine) {
        assertThrows(AbortExecution.class, () -> {
            for (int i = 0; i < 10_000; i++) {
                engine.activate();
            }
        });
    }

    @Test
    void drainingAfterAnAbortStoresTheEpochClosedInTheInterruptedActivation() {
        InMemoryRecoveryStore store = new InMemoryRecoveryStore();
        List<Object> out = new ArrayList<>();
        WorkerEngine engine = engine(List.of(KV.of("a", "a1"), KV.of("b", "b1"), TestingSource.abort()), 1, store,
                out);

        activateUntilAbort(engine);

        // Epoch 1 held a1, epoch 2 b1: the stateful step closed 2 just before the source aborted.
        assertEquals(2, engine.drainStores());
        engine.close();
    }

    @Test
    void aStoppedEngineClosesTheEpochsStillInFlightAndReadsNoMoreInput() {
        InMemoryRecoveryStore store = new InMemoryRecoveryStore();
        List<Object> out = new ArrayList<>();
        WorkerEngine engine = engine(List.of(KV.of("a", "a1"), KV.of("b", "b1"), TestingSource.abort(),
                KV.of("a", "a2")), 2, store, out);

        activateUntilAbort(engine);
        long closed = engine.inputsClosedEpoch();
        Activation a;
        int guard = 0;
        do {
            a = engine.activate();
            assertTrue(++guard < 10_000, "the engine never went idle");
        } while (a == Activation.READY);

        assertEquals(2, closed);
        // The second step closes epoch 2 only after the first passed its barrier on.
        assertEquals(2, engine.drainStores());
        assertEquals(List.of(KV.of("a", "a1"), KV.of("b", "b1")), out);
        engine.close();
    }
}
