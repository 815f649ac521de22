package io.waxwing.dataflow;

import io.waxwing.inputs.Source;
import io.waxwing.internal.graph.GraphAccess;
import io.waxwing.internal.graph.LogicalGraph;
import io.waxwing.internal.graph.Port;
import io.waxwing.internal.graph.Step;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A dataflow: a graph of steps from inputs to outputs. Building it runs nothing; pass it to an
 * entry point of {@code io.waxwing.run.Execution} to run it on one or many workers.
 *
 * <pre>{@code
 * Dataflow flow = new Dataflow("word_count");
 * flow.input("lines", new FileSource(Path.of("book.txt")))
 *     .flatMap("split", line -> List.of(line.split("\\s+")))
 *     .keyOn("key", word -> word)
 *     .countFinal("count")
 *     .output("out", new StdOutSink<>());
 * Execution.runMain(flow);
 * }</pre>
 *
 * <p>Step ids must be unique within a dataflow and may not contain a period: the full id of a step
 * is {@code flowId.stepId}, and that is what errors, logs and the recovery store use.
 */
public final class Dataflow {
    static {
        GraphAccess.register(flow -> flow.graph);
    }

    private final String flowId;
    private final LogicalGraph graph;
    private final Set<String> stepIds = new HashSet<>();

    /**
     * Creates an empty dataflow.
     *
     * @param flowId the dataflow's id: a non-empty string without periods
     */
    public Dataflow(String flowId) {
        checkId(flowId, "flow id");
        this.flowId = flowId;
        this.graph = new LogicalGraph(flowId);
    }

    /** This dataflow's id. */
    public String flowId() {
        return flowId;
    }

    /**
     * Adds an input step reading from {@code source}.
     *
     * <pre>{@code
     * Stream<Integer> nums = flow.input("inp", new TestingSource<>(List.of(1, 2, 3)));
     * }</pre>
     *
     * @return the stream of the items the source emits
     */
    public <T> Stream<T> input(String stepId, Source<T> source) {
        Objects.requireNonNull(source, "source");
        Step step = addStep(stepId, id -> new Step.Input(id, source));
        return new Stream<>(this, new Port(step, 0));
    }

    /**
     * Registers a new top-level step id and adds the step built for its full id.
     */
    synchronized Step addStep(String stepId, Function<String, Step> build) {
        checkId(stepId, "step id");
        if (!stepIds.add(stepId)) {
            throw new IllegalArgumentException("step id '" + stepId + "' is used twice in dataflow '" + flowId
                    + "'; give each step its own id");
        }
        Step step = build.apply(flowId + "." + stepId);
        graph.add(step);
        return step;
    }

    /** Adds a step nested inside a composite step whose full id is {@code parentFullId}. */
    Step addNested(String parentFullId, String childId, Function<String, Step> build) {
        Step step = build.apply(parentFullId + "." + childId);
        graph.add(step);
        return step;
    }

    private static void checkId(String id, String what) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("a " + what + " must be a non-empty string");
        }
        if (id.indexOf('.') >= 0) {
            throw new IllegalArgumentException("a " + what + " may not contain '.': '" + id
                    + "' (periods separate the parts of a full step id)");
        }
    }

    @Override
    public String toString() {
        return "Dataflow(" + flowId + ")";
    }
}
