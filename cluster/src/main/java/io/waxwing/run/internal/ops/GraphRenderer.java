package io.waxwing.run.internal.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link DataflowGraph} as JSON (what {@code GET /dataflow} serves), as a Mermaid
 * {@code flowchart TD} (the default of {@code launcher.jar visualize}, like Bytewax's
 * {@code python -m bytewax.visualize}) or as Graphviz DOT. Edges that exchange items between
 * workers are drawn dashed and labelled with how ({@code keyed}, {@code redistribute},
 * {@code partitioned-sink}).
 */
public final class GraphRenderer {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GraphRenderer() {
    }

    /** The output formats (the public {@code io.waxwing.run.Visualization.Format} names them for users). */
    public enum Format {
        JSON, MERMAID, DOT
    }

    public static String render(DataflowGraph graph, Format format) {
        return switch (format) {
            case JSON -> json(graph);
            case MERMAID -> mermaid(graph);
            case DOT -> dot(graph);
        };
    }

    /**
     * {@code {"flowId": ..., "steps": [{"stepId", "kind", "exchange", "inputs": [{"port", "from": [...]}],
     * "outputs": [...]}]}}.
     */
    public static String json(DataflowGraph graph) {
        ObjectNode root = JSON.createObjectNode();
        root.put("flowId", graph.flowId());
        ArrayNode steps = root.putArray("steps");
        for (DataflowGraph.StepNode s : graph.steps()) {
            ObjectNode node = steps.addObject();
            node.put("stepId", s.stepId());
            node.put("kind", s.kind());
            node.put("exchange", s.exchange().label());
            ArrayNode inputs = node.putArray("inputs");
            for (DataflowGraph.InputPort p : s.inputs()) {
                ObjectNode port = inputs.addObject();
                port.put("port", p.name());
                ArrayNode from = port.putArray("from");
                p.from().forEach(from::add);
            }
            ArrayNode outputs = node.putArray("outputs");
            s.outputs().forEach(outputs::add);
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the dataflow graph as JSON", e);
        }
    }

    public static String mermaid(DataflowGraph graph) {
        StringBuilder b = new StringBuilder("flowchart TD\n");
        b.append("subgraph ").append(mermaidId(graph.flowId(), "flow")).append("[\"")
                .append(escape(graph.flowId())).append(" (Dataflow)\"]\n");
        Map<String, String> ids = ids(graph);
        for (DataflowGraph.StepNode s : graph.steps()) {
            b.append(ids.get(s.stepId())).append("[\"").append(escape(s.stepId())).append(" (")
                    .append(s.kind()).append(")\"]\n");
        }
        for (DataflowGraph.StepNode s : graph.steps()) {
            for (DataflowGraph.InputPort p : s.inputs()) {
                for (String from : p.from()) {
                    String src = ids.get(stepOf(from));
                    String label = escape(portOf(from) + " → " + p.name()
                            + (s.exchange() == DataflowGraph.Exchange.NONE ? "" : " (" + s.exchange().label() + ")"));
                    String arrow = s.exchange() == DataflowGraph.Exchange.NONE ? " -->" : " -.->";
                    b.append(src).append(arrow).append("|\"").append(label).append("\"| ")
                            .append(ids.get(s.stepId())).append('\n');
                }
            }
        }
        return b.append("end\n").toString();
    }

    public static String dot(DataflowGraph graph) {
        StringBuilder b = new StringBuilder("digraph ").append(quote(graph.flowId())).append(" {\n");
        b.append("  label=").append(quote(graph.flowId() + " (Dataflow)")).append(";\n");
        b.append("  node [shape=box];\n");
        for (DataflowGraph.StepNode s : graph.steps()) {
            b.append("  ").append(quote(s.stepId())).append(" [label=").append(quote(s.stepId() + "\\n" + s.kind()))
                    .append("];\n");
        }
        for (DataflowGraph.StepNode s : graph.steps()) {
            for (DataflowGraph.InputPort p : s.inputs()) {
                for (String from : p.from()) {
                    boolean exchanges = s.exchange() != DataflowGraph.Exchange.NONE;
                    b.append("  ").append(quote(stepOf(from))).append(" -> ").append(quote(s.stepId()))
                            .append(" [label=").append(quote(portOf(from) + " → " + p.name()
                                    + (exchanges ? "\\n" + s.exchange().label() : "")))
                            .append(exchanges ? ", style=dashed" : "").append("];\n");
                }
            }
        }
        return b.append("}\n").toString();
    }

    /** Short node ids: step ids may hold characters Mermaid does not take in an id. */
    private static Map<String, String> ids(DataflowGraph graph) {
        Map<String, String> ids = new HashMap<>();
        for (DataflowGraph.StepNode s : graph.steps()) {
            ids.put(s.stepId(), mermaidId(s.stepId(), "s" + ids.size()));
        }
        return ids;
    }

    private static String mermaidId(String id, String fallback) {
        String clean = id.replaceAll("[^A-Za-z0-9_]", "_");
        return fallback + "_" + clean.toLowerCase(Locale.ROOT);
    }

    private static String stepOf(String portId) {
        return portId.substring(0, portId.lastIndexOf('.'));
    }

    private static String portOf(String portId) {
        return portId.substring(portId.lastIndexOf('.') + 1);
    }

    private static String escape(String text) {
        return text.replace("\"", "#quot;");
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\\\\n", "\\n") + "\"";
    }
}
