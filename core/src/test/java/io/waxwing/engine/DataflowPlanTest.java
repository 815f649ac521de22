package io.waxwing.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.Stream;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataflowPlanTest {

    @Test
    void aDataflowWithoutInputIsRejectedNamingTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataflowPlan.of(new Dataflow("empty")));
        assertTrue(e.getMessage().contains("'empty' has no input step"), e.getMessage());
        assertTrue(e.getMessage().contains("flow.input("), e.getMessage());
    }

    @Test
    void aDataflowWithoutOutputOrInspectIsRejected() {
        Dataflow flow = new Dataflow("blind");
        flow.input("inp", new TestingSource<Integer>(List.of(1))).map("m", x -> x);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataflowPlan.of(flow));
        assertTrue(e.getMessage().contains("no output or inspect step"), e.getMessage());
    }

    @Test
    void stepsAddedAfterThePlanWasCheckedBelongToTheNextExecution() {
        Dataflow flow = new Dataflow("grow");
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        Stream<Integer> nums = flow.input("inp", new TestingSource<Integer>(List.of(1, 2)));
        nums.output("first", new TestingSink<>(first));
        DataflowPlan plan = DataflowPlan.of(flow);
        nums.output("second", new TestingSink<>(second));

        new EngineGroup(plan, 2, RecoveryStore.NONE, EngineConfig.withEpochInterval(Duration.ZERO),
                Duration.ofMillis(10)).run();

        assertEquals(List.of(1, 2), first);
        assertEquals(List.of(), second, "the plan holds the steps as they were when it was checked");
        assertEquals("grow", plan.flowId());
    }
}
