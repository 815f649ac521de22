package io.waxwing.run;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.run.internal.ops.DataflowGraph;
import io.waxwing.run.internal.ops.GraphRenderer;
import java.util.Objects;

/**
 * The graph of a dataflow without running it: what {@code launcher.jar visualize} prints and, as
 * JSON, what {@code GET /dataflow} serves on the management port. Steps with their kind and ports;
 * edges that exchange items between workers (keyed, redistribute, partitioned-sink) are marked.
 *
 * <pre>{@code
 * System.out.print(Visualization.render(flow, Visualization.Format.MERMAID));
 * }</pre>
 */
public final class Visualization {
    private Visualization() {
    }

    /** How the graph is written. */
    public enum Format {
        /** A Mermaid {@code flowchart TD}, like Bytewax's {@code python -m bytewax.visualize}. */
        MERMAID,
        /** Graphviz DOT. */
        DOT,
        /** JSON, as {@code GET /dataflow} serves it. */
        JSON;

        /**
         * The format named {@code name} (case-insensitive).
         *
         * @throws IllegalArgumentException when {@code name} names none, listing them
         */
        public static Format named(String name) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(name)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown graph format '" + name + "'; use json, mermaid or dot");
        }
    }

    /** {@code flow}'s graph as {@code format}. */
    public static String render(Dataflow flow, Format format) {
        Objects.requireNonNull(flow, "flow");
        GraphRenderer.Format f = switch (Objects.requireNonNull(format, "format")) {
            case MERMAID -> GraphRenderer.Format.MERMAID;
            case DOT -> GraphRenderer.Format.DOT;
            case JSON -> GraphRenderer.Format.JSON;
        };
        return GraphRenderer.render(DataflowGraph.of(flow), f);
    }
}
