package io.waxwing.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.internal.time.BatchTime;
import io.waxwing.operators.StatefulLogic;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A stateful step hands its logics the system time read once per batch ({@link BatchTime}): every
 * item of one batch sees the same reading, a later batch a reading no earlier, and every reading is
 * the system time of the run.
 */
class BatchTimeTest {

    /** Records the batch time it is handed for each item, and emits nothing. */
    private static final class Recording implements StatefulLogic<Integer, Long, Object> {
        private final List<Long> readings;

        Recording(List<Long> readings) {
            this.readings = readings;
        }

        @Override
        public boolean onItem(Integer value, Consumer<? super Long> emit) {
            readings.add(((BatchTime) emit).systemNanos());
            return RETAIN;
        }

        @Override
        public Object snapshot() {
            return null;
        }
    }

    private static List<Long> run(List<Integer> input, int batchSize) {
        List<Long> readings = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = new Dataflow("df");
        flow.input("inp", new TestingSource<Integer>(input, batchSize))
                .keyOn("key", (Integer x) -> "k")
                .<Long, Object>stateful("record", resume -> new Recording(readings))
                .output("out", new TestingSink<>(new ArrayList<>()));
        // runMain's loop with the default batch sizes (the test kit's exchange batches hold four items).
        SingleWorkerRun.run(DataflowPlan.of(flow), EngineConfig.withEpochInterval(null), RecoveryStore.NONE,
                Duration.ofMillis(10), () -> false);
        return readings;
    }

    @Test
    void everyItemOfOneBatchSeesOneReadingOfTheSystemTime() {
        long before = BatchTime.readSystemNanos();
        List<Long> readings = run(IntStream.range(0, 100).boxed().toList(), 100);
        long after = BatchTime.readSystemNanos();
        assertEquals(100, readings.size());
        assertEquals(1, readings.stream().distinct().count(), "one reading for the batch, not one per item");
        assertTrue(readings.get(0) >= before && readings.get(0) <= after, "the system time of the run");
    }

    @Test
    void laterBatchesReadTheTimeAgainAndNeverEarlier() {
        List<Long> readings = run(IntStream.range(0, 400).boxed().toList(), 1);
        assertEquals(400, readings.size());
        for (int i = 1; i < readings.size(); i++) {
            assertTrue(readings.get(i) >= readings.get(i - 1), "reading " + i + " went back in time");
        }
        assertTrue(readings.stream().distinct().count() > 1, "a batch of one item each: read afresh");
    }
}
