package io.waxwing.connectors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.EntryPoint;
import io.waxwing.connectors.files.CsvSource;
import io.waxwing.connectors.files.DirSink;
import io.waxwing.connectors.files.DirSource;
import io.waxwing.connectors.files.FileSink;
import io.waxwing.connectors.files.FileSource;
import io.waxwing.connectors.stdio.StdOutSink;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KeyHash;
import io.waxwing.errors.WaxwingRuntimeException;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The file and console connectors inside real dataflows, under every entry point. */
@Timeout(60)
class FileConnectorsFlowTest {
    @TempDir
    Path tmp;

    private static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        Collections.sort(copy);
        return copy;
    }

    @Test
    void runMainCopiesAFileThroughMapAndKeyOnIntoAFileSink() throws IOException {
        Path in = Files.writeString(tmp.resolve("in.txt"), "one\ntwo\r\n\nthree 🐦\n");
        Path out = tmp.resolve("out").resolve("out.txt");
        Dataflow flow = new Dataflow("copy");
        flow.input("inp", new FileSource(in))
                .map("upper", String::toUpperCase)
                .keyOn("all", line -> "all")
                .output("out", new FileSink<>(out));
        EntryPoint.RUN_MAIN.run(flow, null, null);
        assertEquals("ONE\nTWO\n\nTHREE 🐦\n", Files.readString(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void everyLineOfTheInputFileReachesTheOutputFileOnceAndInOrder(EntryPoint ep) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lines.add("line " + i);
        }
        Path in = Files.write(tmp.resolve("in.txt"), lines, UTF_8);
        Path out = tmp.resolve("out.txt");
        Dataflow flow = new Dataflow("copy");
        flow.input("inp", new FileSource(in, 7))
                .map("shout", line -> line + "!")
                .keyOn("all", line -> "all")
                .output("out", new FileSink<>(out));
        ep.run(flow);
        List<String> expected = new ArrayList<>();
        for (String line : lines) {
            expected.add(line + "!");
        }
        assertEquals(expected, Files.readAllLines(out));
    }

    @Test
    void aSecondRunWithoutRecoveryReplacesTheOutputFile() throws IOException {
        Path out = Files.writeString(tmp.resolve("out.txt"), "left over\n");
        for (int run = 0; run < 2; run++) {
            Dataflow flow = new Dataflow("rerun");
            flow.input("inp", new TestingSource<String>(List.of("a", "b")))
                    .keyOn("all", x -> "all")
                    .output("out", new FileSink<>(out));
            EntryPoint.RUN_MAIN.run(flow, null, null);
        }
        assertEquals(List.of("a", "b"), Files.readAllLines(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void dirSourceReadsEveryMatchingFileOnce(EntryPoint ep) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("dir_input"));
        String[] names = {"one", "two", "three", "four", "five"};
        List<String> expected = new ArrayList<>();
        for (int f = 0; f < names.length; f++) {
            StringBuilder content = new StringBuilder();
            for (int i = 1; i <= 6; i++) {
                content.append(names[f]).append(i).append('\n');
                expected.add(names[f] + i);
            }
            Files.writeString(dir.resolve("partition-" + f + ".txt"), content);
        }
        Files.writeString(dir.resolve("ignored.md"), "not me\n");
        List<String> out = new ArrayList<>();
        Dataflow flow = new Dataflow("dir");
        flow.input("inp", new DirSource(dir, "*.txt", 4)).output("out", new TestingSink<>(out));
        ep.run(flow);
        assertEquals(sorted(expected), sorted(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void dirSinkPutsEachKeyInTheFileItsHashPicksKeepingTheKeysOrder(EntryPoint ep) throws IOException {
        Path in = Files.createDirectory(tmp.resolve("in"));
        // Each user's events come from one input file, so their order is defined.
        Map<String, List<String>> byUser = new LinkedHashMap<>();
        String[][] usersByFile = {{"alice", "bob"}, {"carol", "dave", "erin"}, {"frank"}};
        for (int f = 0; f < usersByFile.length; f++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String user = usersByFile[f][i % usersByFile[f].length];
                String line = user + "," + i;
                lines.add(line);
                byUser.computeIfAbsent(user, u -> new ArrayList<>()).add(line);
            }
            Files.write(in.resolve("events-" + f + ".csv"), lines, UTF_8);
        }
        Path out = tmp.resolve("out");
        Dataflow flow = new Dataflow("by_user");
        flow.input("inp", new DirSource(in, "events-*.csv", 3))
                .keyOn("user", line -> line.substring(0, line.indexOf(',')))
                .output("out", new DirSink<>(out, 3));
        ep.run(flow);

        int total = 0;
        for (int p = 0; p < 3; p++) {
            List<String> written = Files.readAllLines(out.resolve("part_" + p));
            total += written.size();
            for (Map.Entry<String, List<String>> user : byUser.entrySet()) {
                List<String> mine = new ArrayList<>();
                for (String line : written) {
                    if (line.startsWith(user.getKey() + ",")) {
                        mine.add(line);
                    }
                }
                boolean here = KeyHash.route(user.getKey(), 3) == p;
                assertEquals(here ? user.getValue() : List.of(), mine, user.getKey() + " in part_" + p);
            }
        }
        assertEquals(60, total);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void csvRowsFlowAsMapsKeyedByTheHeader(EntryPoint ep) throws IOException {
        Path csv = Files.writeString(tmp.resolve("metrics.csv"), "instance,value\r\n"
                + "24ae8d,0.132\r\n"
                + "\"c6,585a\",0.066\r\n"
                + "\"multi\nline\",42.652\r\n");
        List<String> out = new ArrayList<>();
        Dataflow flow = new Dataflow("csv");
        flow.input("inp", new CsvSource(csv))
                .map("fmt", row -> row.get("instance") + "=" + row.get("value"))
                .output("out", new TestingSink<>(out));
        ep.run(flow);
        assertEquals(List.of("24ae8d=0.132", "c6,585a=0.066", "multi\nline=42.652"), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void stdOutSinkPrintsEveryItemOnItsOwnLine(EntryPoint ep) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, false, StandardCharsets.UTF_8));
        try {
            Dataflow flow = new Dataflow("print");
            flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3, 4), 2))
                    .map("fmt", x -> "item " + x)
                    .output("out", new StdOutSink<>());
            ep.run(flow);
        } finally {
            System.setOut(original);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        List<String> lines = List.of(printed.split(System.lineSeparator(), -1));
        assertEquals("", lines.get(lines.size() - 1), "the output ends with a line separator");
        assertEquals(List.of("item 1", "item 2", "item 3", "item 4"), sorted(lines.subList(0, lines.size() - 1)));
    }

    @Test
    void stdOutSinkPrintsTheItemsInOrderUnderRunMain() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, false, StandardCharsets.UTF_8));
        try {
            Dataflow flow = new Dataflow("print");
            flow.input("inp", new TestingSource<String>(List.of("a", "b")))
                    .output("out", new StdOutSink<>());
            EntryPoint.RUN_MAIN.run(flow, null, null);
        } finally {
            System.setOut(original);
        }
        String nl = System.lineSeparator();
        assertEquals("a" + nl + "b" + nl, captured.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void aMissingInputFileFailsTheRunNamingTheStepAndThePath(EntryPoint ep) {
        Path missing = tmp.resolve("nope.txt");
        Dataflow flow = new Dataflow("missing");
        flow.input("inp", new FileSource(missing)).output("out", new TestingSink<>(new ArrayList<>()));
        WaxwingRuntimeException e = assertThrows(WaxwingRuntimeException.class, () -> ep.run(flow));
        assertTrue(e.getMessage().contains("missing.inp"), e.getMessage());
        IllegalArgumentException cause = assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertTrue(cause.getMessage().contains(missing.toString()), cause.getMessage());
    }
}
