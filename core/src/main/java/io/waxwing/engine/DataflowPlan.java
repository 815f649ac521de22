package io.waxwing.engine;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.internal.graph.GraphAccess;
import io.waxwing.internal.graph.Step;
import java.util.List;
import java.util.Objects;

/**
 * A dataflow checked, once per execution, to be runnable: the entry point builds it before anything
 * is opened or started ({@code Execution}, {@link SingleWorkerRun}'s callers, {@link EngineGroup})
 * and hands it to every worker, which compiles it without checking again. It holds the steps as they
 * were when it was checked; steps added to the dataflow later belong to the next execution.
 */
public final class DataflowPlan {
    private final Dataflow flow;
    private final List<Step> steps;

    private DataflowPlan(Dataflow flow, List<Step> steps) {
        this.flow = flow;
        this.steps = steps;
    }

    /**
     * Checks what can only be checked once the dataflow is complete.
     *
     * @throws IllegalArgumentException if the dataflow has no input, or neither an output nor an
     *     inspect step
     */
    public static DataflowPlan of(Dataflow flow) {
        Objects.requireNonNull(flow, "flow");
        List<Step> steps = GraphAccess.of(flow).steps();
        boolean hasInput = false;
        boolean hasOutput = false;
        for (Step s : steps) {
            hasInput |= s instanceof Step.Input;
            hasOutput |= s instanceof Step.Output || (s instanceof Step.Transform t && t.inspects());
        }
        if (!hasInput) {
            throw new IllegalArgumentException("dataflow '" + flow.flowId()
                    + "' has no input step; add one with flow.input(...)");
        }
        if (!hasOutput) {
            throw new IllegalArgumentException("dataflow '" + flow.flowId()
                    + "' has no output or inspect step, so it would compute nothing visible;"
                    + " add one with stream.output(...) or stream.inspect(...)");
        }
        return new DataflowPlan(flow, steps);
    }

    /** The dataflow this plan was checked from. */
    public Dataflow flow() {
        return flow;
    }

    public String flowId() {
        return flow.flowId();
    }

    /** The steps in the order they were added. */
    List<Step> steps() {
        return steps;
    }
}
