package io.waxwing.dataflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waxwing.EntryPoint;
import io.waxwing.internal.graph.ItemOp;
import io.waxwing.internal.graph.Port;
import io.waxwing.internal.graph.Step;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The engine skips a pure op whose output nothing reads, and runs it when something does. */
class PureOpTest {

    private static Stream<Integer> pureStep(Stream<Integer> input, String id, AtomicInteger calls) {
        Step step = input.flow.addStep(id, full -> new Step.Transform(full, input.port,
                ctx -> (ItemOp.Pure) (item, out) -> {
                    calls.incrementAndGet();
                    out.push(item);
                }, false));
        return new Stream<>(input.flow, new Port(step, 0));
    }

    @Test
    void aPureOpNothingReadsIsNeverCalled() {
        AtomicInteger calls = new AtomicInteger();
        List<Integer> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        Stream<Integer> nums = flow.input("inp", new TestingSource<>(List.of(1, 2, 3)));
        pureStep(nums, "unread", calls);
        nums.output("out", new TestingSink<>(out));
        EntryPoint.RUN_MAIN.run(flow);
        assertEquals(List.of(1, 2, 3), out);
        assertEquals(0, calls.get());
    }

    @Test
    void aPureOpWhoseOutputIsReadRunsForEveryItem() {
        AtomicInteger calls = new AtomicInteger();
        List<Integer> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        Stream<Integer> nums = flow.input("inp", new TestingSource<>(List.of(1, 2, 3)));
        pureStep(nums, "read", calls).output("out", new TestingSink<>(out));
        EntryPoint.RUN_MAIN.run(flow);
        assertEquals(List.of(1, 2, 3), out);
        assertEquals(3, calls.get());
    }
}
