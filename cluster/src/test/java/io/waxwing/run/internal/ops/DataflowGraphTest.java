package io.waxwing.run.internal.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waxwing.connectors.files.DirSink;
import io.waxwing.dataflow.BranchOut;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KeyedStream;
import io.waxwing.dataflow.Stream;
import io.waxwing.run.Visualization;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataflowGraphTest {

    /** input → branch → (trues: redistribute, falses) → merge → keyOn → dir sink; and an inspect. */
    private static Dataflow flow() {
        Dataflow flow = new Dataflow("g");
        Stream<Integer> nums = flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3)));
        BranchOut<Integer, Integer> evens = nums.branch("evens", i -> i % 2 == 0);
        Stream<Integer> spread = evens.trues().redistribute("spread");
        Stream<Integer> all = spread.merge("all", evens.falses());
        KeyedStream<Integer> keyed = all.keyOn("key", i -> "k" + i);
        keyed.output("files", new DirSink<>(Path.of("unused"), 2));
        all.output("list", new TestingSink<>(new ArrayList<>()));
        return flow;
    }

    @Test
    void describesStepsPortsAndWhichEdgesExchangeItemsBetweenWorkers() throws Exception {
        JsonNode json = new ObjectMapper().readTree(GraphRenderer.json(DataflowGraph.of(flow())));
        List<String> steps = new ArrayList<>();
        for (JsonNode s : json.get("steps")) {
            List<String> inputs = new ArrayList<>();
            for (JsonNode p : s.get("inputs")) {
                inputs.add(p.get("port").asText() + "<" + p.get("from").get(0).asText());
            }
            steps.add(s.get("stepId").asText() + " " + s.get("kind").asText() + " " + s.get("exchange").asText()
                    + " " + inputs + " " + s.get("outputs"));
        }
        assertEquals(List.of(
                "g.inp input none [] [\"down\"]",
                "g.evens branch none [up<g.inp.down] [\"trues\",\"falses\"]",
                "g.spread redistribute redistribute [up<g.evens.trues] [\"down\"]",
                "g.all merge none [up0<g.spread.down, up1<g.evens.falses] [\"down\"]",
                "g.key transform none [up<g.all.down] [\"down\"]",
                "g.files output partitioned-sink [up<g.key.down] []",
                "g.list output none [up<g.all.down] []"), steps);
    }

    @Test
    void dotAndMermaidDrawExchangingEdgesDashed() {
        DataflowGraph graph = DataflowGraph.of(flow());
        String dot = GraphRenderer.dot(graph);
        assertTrue(dot.startsWith("digraph \"g\" {"), dot);
        assertTrue(dot.contains("\"g.evens\" -> \"g.spread\" [label=\"trues → up\\nredistribute\", style=dashed];"), dot);
        assertTrue(dot.contains("\"g.evens\" -> \"g.all\" [label=\"falses → up1\"];"), dot);
        String mermaid = GraphRenderer.mermaid(graph);
        assertTrue(mermaid.startsWith("flowchart TD\n"), mermaid);
        assertTrue(mermaid.contains(" -.->|\"down → up (partitioned-sink)\"| "), mermaid);
    }

    @Test
    void anUnknownFormatNamesTheFormatsThereAre() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Visualization.Format.named("png"));
        assertEquals("unknown graph format 'png'; use json, mermaid or dot", e.getMessage());
    }
}
