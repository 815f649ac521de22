package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar launcher.jar visualize}: the dataflow's graph, printed without running it. */
class VisualizeIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void dotOutputRendersWithGraphviz() throws IOException, InterruptedException {
        LauncherProcess.Result r = LauncherProcess.spec().args("visualize", "-o", "dot", "examples/WordCount.java")
                .run(TIMEOUT);
        assertEquals(0, r.exitCode(), r.toString());
        Path dot = dir.resolve("flow.dot");
        Files.writeString(dot, r.out() + "\n");
        Path svg = dir.resolve("flow.svg");
        Process graphviz;
        try {
            graphviz = new ProcessBuilder("dot", "-Tsvg", "-o", svg.toString(), dot.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("Graphviz's dot is not installed (Debian package graphviz; .ci/run installs"
                    + " it)", e);
        }
        assertTrue(graphviz.waitFor(60, TimeUnit.SECONDS), "dot did not finish");
        String messages = new String(graphviz.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, graphviz.exitValue(), "dot rejected the output:\n" + messages + "\n" + r.out());
        String rendered = Files.readString(svg);
        assertTrue(rendered.contains("<svg") && rendered.contains("word_count.count"), rendered);
    }

    @Test
    void jsonOutputDescribesTheDataflowsStepsPortsAndExchanges() throws IOException {
        LauncherProcess.Result r = LauncherProcess.spec().args("visualize", "-o", "json", "examples/WordCount.java")
                .run(TIMEOUT);
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("word_count", json.get("flowId").asText());
        List<String> steps = new ArrayList<>();
        for (JsonNode s : json.get("steps")) {
            steps.add(s.get("stepId").asText() + " " + s.get("kind").asText() + " " + s.get("exchange").asText());
        }
        // examples/WordCount.java: input, flatMap, filter, keyOn, countFinal, map, output.
        assertEquals(List.of("word_count.lines input none", "word_count.words transform none",
                "word_count.non_empty transform none", "word_count.key transform none",
                "word_count.count stateful keyed", "word_count.format transform none",
                "word_count.out output none"), steps);
        JsonNode count = json.get("steps").get(4);
        assertEquals("up", count.get("inputs").get(0).get("port").asText());
        assertEquals("word_count.key.down", count.get("inputs").get(0).get("from").get(0).asText());
        assertEquals("down", count.get("outputs").get(0).asText());
        assertEquals(0, json.get("steps").get(0).get("inputs").size());
        assertEquals(0, json.get("steps").get(6).get("outputs").size());
    }

    @Test
    void mermaidIsTheDefault() {
        LauncherProcess.Result r = LauncherProcess.spec().args("visualize", "examples/WordCount.java").run(TIMEOUT);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("flowchart TD", r.stdout().get(0));
        assertTrue(r.out().contains("-.->|\"down → up (keyed)\"|"), r.out());
    }

    @Test
    void anUnknownFormatIsABadCommandLine() {
        LauncherProcess.Result r = LauncherProcess.spec().args("visualize", "-o", "svg", "examples/WordCount.java")
                .run(TIMEOUT);
        assertEquals(ExitCode.USAGE, r.exitCode(), r.toString());
        assertTrue(r.err().contains("unknown graph format 'svg'; use json, mermaid or dot"), r.toString());
    }
}
