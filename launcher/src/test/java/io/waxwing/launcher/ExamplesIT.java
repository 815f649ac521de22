package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The runnable examples, exactly as the README's quick start runs them, from the repository root. */
class ExamplesIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Word counts of the bundled text, computed here independently of the dataflow. */
    private static Set<String> expectedWordCounts() throws IOException {
        String text = Files.readString(LauncherProcess.repoRoot().resolve("examples/data/tale-of-two-cities.txt"),
                StandardCharsets.UTF_8);
        Map<String, Integer> counts = new TreeMap<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}']+")) {
            if (!w.isEmpty()) {
                counts.merge(w, 1, Integer::sum);
            }
        }
        Set<String> lines = new HashSet<>();
        counts.forEach((w, c) -> lines.add(w + " " + c));
        return lines;
    }

    /** The README's quick start: {@code java -jar launcher/target/launcher.jar examples/WordCount.java}. */
    @Test
    void quickStartCountsTheWordsOfTheBundledText() throws IOException {
        LauncherProcess.Result r = LauncherProcess.spec().args("examples/WordCount.java").run(TIMEOUT);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(expectedWordCounts(), new HashSet<>(r.stdout()), r::toString);
        assertTrue(r.stdout().contains("the 18"), r::toString);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void wordCountGivesTheSameCountsOnAnyNumberOfWorkers(int workers) throws IOException {
        LauncherProcess.Result r = LauncherProcess.spec().args("-w", workers, "examples/WordCount.java")
                .run(TIMEOUT);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(expectedWordCounts(), new HashSet<>(r.stdout()), r::toString);
    }

    @Test
    void wordCountTakesAnotherFileThroughItsFactory() throws IOException {
        java.nio.file.Path text = Files.createTempFile("words", ".txt");
        try {
            Files.writeString(text, "b a b\nc b\n");
            LauncherProcess.Result r = LauncherProcess.spec()
                    .args("examples/WordCount.java:count(\"" + text + "\")").run(TIMEOUT);
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals(Set.of("a 1", "b 3", "c 1"), new HashSet<>(r.stdout()), r::toString);
        } finally {
            Files.deleteIfExists(text);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void runningAverageEmitsEachSensorsRunningMean(int workers) {
        LauncherProcess.Result r = LauncherProcess.spec().args("-w", workers, "examples/RunningAverage.java")
                .run(TIMEOUT);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(10, r.stdout().size(), r::toString);
        // Per key, updates arrive in order: the last line of each sensor is its final mean.
        assertEquals(List.of("kitchen n=1 mean=21.00", "kitchen n=2 mean=21.50", "kitchen n=3 mean=22.17",
                "kitchen n=4 mean=22.25"), r.stdout().stream().filter(l -> l.startsWith("kitchen")).toList());
        assertTrue(r.stdout().contains("garage n=3 mean=10.33"), r::toString);
        assertTrue(r.stdout().contains("attic n=3 mean=28.00"), r::toString);
    }

    /** "Starts in well under two seconds for a small dataflow": best of three, to ride out a busy machine. */
    @Test
    void smallDataflowRunsInUnderTwoSeconds() {
        Duration best = null;
        for (int i = 0; i < 3; i++) {
            LauncherProcess.Result r = LauncherProcess.spec()
                    .args("-cp", LauncherProcess.testClasses(), "io.waxwing.launcher.fixtures.Flows").run(TIMEOUT);
            assertEquals(0, r.exitCode(), r::toString);
            best = best == null || r.elapsed().compareTo(best) < 0 ? r.elapsed() : best;
        }
        Duration fastest = best;
        assertTrue(fastest.compareTo(Duration.ofSeconds(2)) < 0, () -> "fastest run took " + fastest.toMillis() + " ms");
    }
}
