package io.waxwing.connectors.files;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.Stream;
import io.waxwing.engine.DataflowPlan;
import io.waxwing.engine.EngineConfig;
import io.waxwing.engine.EngineGroup;
import io.waxwing.engine.recovery.InMemoryRecoveryStore;
import io.waxwing.engine.recovery.KeyFilter;
import io.waxwing.testing.TestingSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file connectors' snapshots wired through a worker engine and a recovery store: an execution
 * aborts as if it crashed, the next one resumes from the last committed epoch, and the output file
 * ends up with every line exactly once. Driven like {@code runMain} (one engine, commits after each
 * activation), with a small activation budget so that several epochs commit before the abort.
 */
@Timeout(30)
class FileConnectorsResumeTest {
    @TempDir
    Path tmp;

    /** Runs {@code flow} on one engine of the test kit to the end (true) or until a source aborts (false). */
    private static boolean run(Dataflow flow, InMemoryRecoveryStore store) {
        EngineConfig config = new EngineConfig(Duration.ZERO, 1024, 16, 2, Clock.systemUTC());
        return new EngineGroup(DataflowPlan.of(flow), 1, store, config, Duration.ofMillis(1)).run();
    }

    private static List<String> numbered(String prefix, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(prefix + i);
        }
        return lines;
    }

    @Test
    void fileSinkHoldsEveryLineExactlyOnceAfterAnAbortAndAResume() throws IOException {
        // The abort comes from a second input, in the activation in which the first emitted a line:
        // that line's epoch stays open, yet the sink writes it while the worker stops.
        TestingSource<String> source = new TestingSource<>(new ArrayList<Object>(numbered("line ", 40)), 1);
        List<Object> ticks = new ArrayList<>(numbered("tick", 8));
        ticks.add(TestingSource.abort());
        Path out = tmp.resolve("out.txt");
        Dataflow flow = new Dataflow("resume");
        Stream<String> lines = flow.input("inp", source);
        Stream<String> control = flow.input("ticks", new TestingSource<String>(ticks, 1))
                .filter("drop_ticks", t -> false);
        lines.merge("both", control).keyOn("all", x -> "all").output("out", new FileSink<>(out));
        InMemoryRecoveryStore store = new InMemoryRecoveryStore();

        assertFalse(run(flow, store), "the first execution aborts");
        long committedOffset = (Long) store.loadState("resume.out", KeyFilter.all()).get(out.toString());
        assertTrue(committedOffset > 0, "some epochs were committed before the abort");
        assertTrue(Files.size(out) > committedOffset,
                "the aborted execution wrote lines after its last committed epoch, which the resume must drop");

        assertTrue(run(flow, store), "the resumed execution completes");
        assertEquals(numbered("line ", 40), Files.readAllLines(out));
    }

    @Test
    void fileSourceResumesAtItsCommittedOffsetAndTheSinkAtItsOwn() throws IOException {
        List<String> lines = numbered("ünïcödé line ", 60);
        Path in = Files.write(tmp.resolve("in.txt"), lines, UTF_8);
        Path out = tmp.resolve("out.txt");
        List<Object> ticks = new ArrayList<>(numbered("tick", 8));
        ticks.add(TestingSource.abort());
        Dataflow flow = new Dataflow("copy");
        Stream<String> fromFile = flow.input("lines", new FileSource(in, 3));
        Stream<String> control = flow.input("ticks", new TestingSource<String>(ticks, 1))
                .filter("drop_ticks", t -> false);
        fromFile.merge("both", control)
                .keyOn("all", x -> "all")
                .output("out", new FileSink<>(out));
        InMemoryRecoveryStore store = new InMemoryRecoveryStore();

        assertFalse(run(flow, store), "the first execution aborts");
        long readOffset = (Long) store.loadState("copy.lines", KeyFilter.all()).get(in.toString());
        long writtenOffset = (Long) store.loadState("copy.out", KeyFilter.all()).get(out.toString());
        assertTrue(readOffset > 0 && readOffset < Files.size(in), "the abort came in the middle of the input file");
        assertTrue(Files.size(out) > writtenOffset, "lines were written after the last committed epoch");

        assertTrue(run(flow, store), "the resumed execution completes");
        assertEquals(lines, Files.readAllLines(out));
    }
}
