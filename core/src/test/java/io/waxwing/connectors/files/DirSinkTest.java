package io.waxwing.connectors.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.waxwing.dataflow.KeyHash;
import io.waxwing.outputs.StatefulSinkPartition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirSinkTest {
    @TempDir
    Path tmp;

    @Test
    void hasOnePartitionPerFileNamedPartI() {
        assertEquals(List.of("part_0", "part_1", "part_2"), new DirSink<String>(tmp, 3).listParts());
        assertEquals(List.of("users-0", "users-1"), new DirSink<String>(tmp, 2, "users-").listParts());
    }

    @Test
    void routesEachKeyToTheFileItsKeyHashPicks() {
        DirSink<String> sink = new DirSink<>(tmp, 4);
        for (String key : List.of("a", "b", "c", "alice", "bob", "日本", "")) {
            assertEquals(KeyHash.route(key, 4), sink.partFor(key, 4), key);
        }
    }

    @Test
    void writesTheValuesOfEachKeyIntoItsFile() throws IOException {
        Path out = tmp.resolve("out");
        DirSink<Integer> sink = new DirSink<>(out, 3);
        List<String> parts = sink.listParts();
        List<StatefulSinkPartition<Integer, Long>> built = new ArrayList<>();
        for (String part : parts) {
            built.add(sink.buildPart("flow.out", part, null));
        }
        List<List<String>> expected = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < 30; i++) {
            String key = "k" + (i % 7);
            int p = sink.partFor(key, parts.size());
            built.get(p).writeBatch(List.of(i));
            expected.get(p).add(Integer.toString(i));
        }
        for (StatefulSinkPartition<Integer, Long> p : built) {
            p.close();
        }
        for (int p = 0; p < parts.size(); p++) {
            assertEquals(expected.get(p), Files.readAllLines(out.resolve("part_" + p)));
        }
    }

    @Test
    void truncatesEachFileToItsOwnSnapshotOnResume() throws IOException {
        DirSink<String> sink = new DirSink<>(tmp, 2);
        StatefulSinkPartition<String, Long> p0 = sink.buildPart("flow.out", "part_0", null);
        StatefulSinkPartition<String, Long> p1 = sink.buildPart("flow.out", "part_1", null);
        p0.writeBatch(List.of("a1", "a2"));
        p1.writeBatch(List.of("b1"));
        Long s0 = p0.snapshot();
        Long s1 = p1.snapshot();
        p0.writeBatch(List.of("a3"));
        p1.writeBatch(List.of("b2", "b3"));
        p0.close();
        p1.close();

        DirSink<String> again = new DirSink<>(tmp, 2);
        StatefulSinkPartition<String, Long> r0 = again.buildPart("flow.out", "part_0", s0);
        StatefulSinkPartition<String, Long> r1 = again.buildPart("flow.out", "part_1", s1);
        r0.writeBatch(List.of("a3"));
        r1.writeBatch(List.of("b2", "b3", "b4"));
        r0.close();
        r1.close();
        assertEquals(List.of("a1", "a2", "a3"), Files.readAllLines(tmp.resolve("part_0")));
        assertEquals(List.of("b1", "b2", "b3", "b4"), Files.readAllLines(tmp.resolve("part_1")));
    }

    @Test
    void rejectsAFileCountBelowOneAndPrefixesWithSeparators() {
        assertThrows(IllegalArgumentException.class, () -> new DirSink<String>(tmp, 0));
        assertThrows(IllegalArgumentException.class, () -> new DirSink<String>(tmp, 2, "../part_"));
    }

    @Test
    void rejectsAPartitionItDoesNotHave() {
        DirSink<String> sink = new DirSink<>(tmp, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sink.buildPart("flow.out", "part_2", null));
        assertEquals("DirSink of `" + tmp + "` has no partition `part_2`; its files are part_0 … part_1"
                + " (was the resume state written with another fileCount or prefix?)", e.getMessage());
    }
}
