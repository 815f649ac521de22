package io.waxwing.run.internal.ops;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.internal.graph.GraphAccess;
import io.waxwing.internal.graph.Port;
import io.waxwing.internal.graph.Step;
import io.waxwing.outputs.FixedPartitionedSink;
import java.util.ArrayList;
import java.util.List;

/**
 * A dataflow as its primitive steps and the edges between their ports: what {@code GET /dataflow}
 * and {@code launcher.jar visualize} show. Built from the logical graph without running anything.
 *
 * @param flowId the dataflow's id
 * @param steps  every step, in the order it was added (which is topological)
 */
public record DataflowGraph(String flowId, List<StepNode> steps) {

    /**
     * How the items reaching a step move between workers. {@code NONE}: they stay on the worker
     * that produced them. {@code KEYED}: each item goes to the worker its key routes to (stateful
     * steps). {@code REDISTRIBUTE}: round-robin over all workers. {@code PARTITIONED_SINK}: each
     * item goes to the worker that holds its sink partition.
     */
    public enum Exchange {
        NONE, KEYED, REDISTRIBUTE, PARTITIONED_SINK;

        /** The name used in JSON and the renderings. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One step.
     *
     * @param stepId   the full step id ({@code flowId.stepId}, nested for composite operators)
     * @param kind     the primitive step kind: {@code input}, {@code transform} (map, filter,
     *                 flat map...), {@code inspect}, {@code batch}, {@code branch}, {@code merge},
     *                 {@code redistribute}, {@code stateful} or {@code output}
     * @param inputs   its input ports, in order, each with the output ports feeding it
     * @param outputs  its output ports' names
     * @param exchange how items reaching it move between workers
     */
    public record StepNode(String stepId, String kind, List<InputPort> inputs, List<String> outputs,
            Exchange exchange) {
    }

    /**
     * An input port.
     *
     * @param name the port's name ({@code up}, or {@code up0}, {@code up1}... for a merge)
     * @param from the ids of the output ports feeding it ({@code stepId.portName})
     */
    public record InputPort(String name, List<String> from) {
    }

    /** The graph of {@code flow} as built so far. */
    public static DataflowGraph of(Dataflow flow) {
        List<StepNode> nodes = new ArrayList<>();
        for (Step s : GraphAccess.of(flow).steps()) {
            List<Port> ports = s.inputs();
            List<InputPort> inputs = new ArrayList<>();
            for (int i = 0; i < ports.size(); i++) {
                String name = ports.size() == 1 && !(s instanceof Step.Merge) ? "up" : "up" + i;
                inputs.add(new InputPort(name, List.of(portId(ports.get(i)))));
            }
            nodes.add(new StepNode(s.id(), kind(s), List.copyOf(inputs), outputNames(s), exchange(s)));
        }
        return new DataflowGraph(flow.flowId(), List.copyOf(nodes));
    }

    /** {@code stepId.portName} of an output port. */
    static String portId(Port p) {
        return p.step().id() + "." + outputNames(p.step()).get(p.index());
    }

    private static List<String> outputNames(Step s) {
        return switch (s.outputCount()) {
            case 0 -> List.of();
            case 1 -> List.of("down");
            default -> s instanceof Step.Branch ? List.of("trues", "falses") : numbered(s.outputCount());
        };
    }

    private static List<String> numbered(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("down" + i);
        }
        return List.copyOf(names);
    }

    private static String kind(Step s) {
        if (s instanceof Step.Input) {
            return "input";
        } else if (s instanceof Step.Transform t) {
            return t.inspects() ? "inspect" : "transform";
        } else if (s instanceof Step.Batch) {
            return "batch";
        } else if (s instanceof Step.Branch) {
            return "branch";
        } else if (s instanceof Step.Merge) {
            return "merge";
        } else if (s instanceof Step.Redistribute) {
            return "redistribute";
        } else if (s instanceof Step.Stateful) {
            return "stateful";
        } else if (s instanceof Step.Output) {
            return "output";
        }
        throw new IllegalStateException("unknown step kind " + s.getClass().getName());
    }

    /** The same rule the engine uses to place its exchange points ({@code WorkerEngine.compile}). */
    private static Exchange exchange(Step s) {
        if (s instanceof Step.Stateful) {
            return Exchange.KEYED;
        } else if (s instanceof Step.Redistribute) {
            return Exchange.REDISTRIBUTE;
        } else if (s instanceof Step.Output o && o.sink() instanceof FixedPartitionedSink<?, ?>) {
            return Exchange.PARTITIONED_SINK;
        }
        return Exchange.NONE;
    }
}
