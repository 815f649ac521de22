package io.waxwing.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.StateAndOutput;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What the engine reports through {@link EngineMetrics}: per batch, never per item. */
class EngineMetricsTest {

    /** Records every call: the number of calls per counter and the items they added. */
    static final class Recorder implements EngineMetrics {
        final Map<String, List<Integer>> adds = new ConcurrentHashMap<>();
        final Map<String, List<Long>> durations = new ConcurrentHashMap<>();
        final List<Long> started = new CopyOnWriteArrayList<>();
        final List<Long> committed = new CopyOnWriteArrayList<>();

        private BatchCounter counter(String name) {
            List<Integer> calls = adds.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>());
            return calls::add;
        }

        @Override
        public BatchCounter itemsIn(String stepId, int worker) {
            return counter("in " + stepId + " w" + worker);
        }

        @Override
        public BatchCounter itemsOut(String stepId, int worker) {
            return counter("out " + stepId + " w" + worker);
        }

        @Override
        public DurationRecorder batchDuration(Timed what, String stepId, int worker) {
            List<Long> calls = durations.computeIfAbsent(what + " " + stepId, k -> new CopyOnWriteArrayList<>());
            return calls::add;
        }

        @Override
        public void workerStarted(int worker, long epoch) {
            started.add(epoch);
        }

        @Override
        public void committed(long epoch, long nanos) {
            committed.add(epoch);
        }
    }

    static int sum(List<Integer> adds) {
        int total = 0;
        for (int n : adds) {
            total += n;
        }
        return total;
    }

    @Test
    void countsEveryItemOncePerBatchAtInputsExchangesAndSinks() {
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add(i);
        }
        List<String> out = new ArrayList<>();
        Dataflow flow = new Dataflow("m");
        flow.input("inp", new TestingSource<Integer>(items, 7))
                .filter("odd", i -> i % 2 == 1)
                .keyOn("key", i -> "k" + (i % 5))
                .statefulMap("count", (Long seen, Integer i) -> new StateAndOutput<>(seen == null ? 1 : seen + 1, i))
                .map("format", kv -> kv.key() + "=" + kv.value())
                .output("out", new TestingSink<>(out));
        Recorder recorder = new Recorder();
        EngineConfig config = EngineConfig.withEpochInterval(Duration.ZERO).withMetrics(recorder);
        SingleWorkerRun.run(DataflowPlan.of(flow), config, RecoveryStore.NONE, Duration.ofMillis(10), () -> false);

        assertEquals(50, out.size());
        List<Integer> read = recorder.adds.get("out m.inp w0");
        assertEquals(100, sum(read));
        assertEquals(15, read.size(), "one call per source batch of 7: " + read);
        assertEquals(50, sum(recorder.adds.get("in m.count w0")), "the odd items reach the stateful step");
        assertTrue(recorder.adds.get("in m.count w0").size() <= 15, "per batch: " + recorder.adds.get("in m.count w0"));
        assertEquals(50, sum(recorder.adds.get("in m.out w0")));
        assertTrue(recorder.durations.get("INPUT_NEXT_BATCH m.inp").size() >= 15);
        assertEquals(recorder.adds.get("in m.count w0").size(),
                recorder.durations.get("STATEFUL_BATCH m.count").size(), "one stateful batch timed per batch");
        assertEquals(List.of(1L), recorder.started);
        assertTrue(!recorder.committed.isEmpty(), "commits reported");
    }
}
