package io.waxwing.connectors.files;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.outputs.StatefulSinkPartition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {
    @TempDir
    Path tmp;

    private static <V> StatefulSinkPartition<V, Long> build(FileSink<V> sink, Long resume) {
        return sink.buildPart("flow.out", sink.listParts().get(0), resume);
    }

    @Test
    void hasOnePartitionNamedAfterThePathThatTakesEveryKey() {
        Path file = tmp.resolve("out.txt");
        FileSink<String> sink = new FileSink<>(file);
        assertEquals(List.of(file.toString()), sink.listParts());
        assertEquals(0, sink.partFor("a", 1));
        assertEquals(0, sink.partFor("zzz", 1));
    }

    @Test
    void writesEachValuesToStringAsALine() throws IOException {
        Path file = tmp.resolve("out.txt");
        StatefulSinkPartition<Object, Long> part = build(new FileSink<>(file), null);
        part.writeBatch(Arrays.asList("1", 2, 3.5, null));
        part.writeBatch(List.of("last"));
        part.close();
        assertEquals("1\n2\n3.5\nnull\nlast\n", Files.readString(file));
    }

    @Test
    void snapshotIsTheFileLengthInBytesWithMultibyteUtf8() throws IOException {
        Path file = tmp.resolve("out.txt");
        StatefulSinkPartition<String, Long> part = build(new FileSink<>(file), null);
        assertEquals(0L, part.snapshot());
        part.writeBatch(List.of("héllo", "🐦"));
        long expected = "héllo\n🐦\n".getBytes(UTF_8).length;
        assertEquals(expected, part.snapshot());
        assertEquals(expected, Files.size(file), "the snapshot's bytes are on disk");
        part.close();
    }

    @Test
    void truncatesToTheSnapshotOnResumeSoEveryLineAppearsExactlyOnce() throws IOException {
        Path file = tmp.resolve("out.txt");
        StatefulSinkPartition<String, Long> part = build(new FileSink<>(file), null);
        part.writeBatch(List.of("one1"));
        part.writeBatch(List.of("one2"));
        part.writeBatch(List.of("one3"));
        Long resumeState = part.snapshot();
        part.writeBatch(List.of("one4"));
        part.close();

        StatefulSinkPartition<String, Long> resumed = build(new FileSink<>(file), resumeState);
        assertEquals(resumeState, resumed.snapshot());
        resumed.writeBatch(List.of("two4"));
        resumed.writeBatch(List.of("two5"));
        resumed.close();

        assertEquals(List.of("one1", "one2", "one3", "two4", "two5"), Files.readAllLines(file));
    }

    @Test
    void resumingTwiceFromTheSameSnapshotWritesTheReplayedLinesOnce() throws IOException {
        Path file = tmp.resolve("out.txt");
        StatefulSinkPartition<String, Long> part = build(new FileSink<>(file), null);
        part.writeBatch(List.of("a", "b"));
        Long committed = part.snapshot();
        part.writeBatch(List.of("c"));
        part.close();
        for (int attempt = 0; attempt < 2; attempt++) {
            StatefulSinkPartition<String, Long> resumed = build(new FileSink<>(file), committed);
            resumed.writeBatch(List.of("c", "d"));
            resumed.snapshot();
            resumed.close();
        }
        assertEquals(List.of("a", "b", "c", "d"), Files.readAllLines(file));
    }

    @Test
    void aFreshStartReplacesAnExistingFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("out.txt"), "stale\nlines\n");
        StatefulSinkPartition<String, Long> part = build(new FileSink<>(file), null);
        assertEquals(0L, part.snapshot());
        part.writeBatch(List.of("new"));
        part.close();
        assertEquals("new\n", Files.readString(file));
    }

    @Test
    void createsTheFileAndItsMissingParentDirectories() throws IOException {
        Path file = tmp.resolve("a").resolve("b").resolve("out.txt");
        StatefulSinkPartition<String, Long> part = build(new FileSink<>(file), null);
        part.writeBatch(List.of("x"));
        part.close();
        assertEquals("x\n", Files.readString(file));
    }

    @Test
    void resumingPastTheEndOfAShorterFileIsAnErrorNamingIt() throws IOException {
        Path file = Files.writeString(tmp.resolve("out.txt"), "ab\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> build(new FileSink<>(file), 10L));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("holds only 3 bytes"), e.getMessage());
        assertEquals("ab\n", Files.readString(file), "the file is left as it was");
    }

    @Test
    void rejectsAPartitionOfAnotherPath() {
        FileSink<String> sink = new FileSink<>(tmp.resolve("out.txt"));
        assertThrows(IllegalArgumentException.class, () -> sink.buildPart("flow.out", "elsewhere.txt", null));
    }
}
