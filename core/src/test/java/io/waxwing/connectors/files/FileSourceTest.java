package io.waxwing.connectors.files;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.inputs.StatefulSourcePartition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceTest {
    @TempDir
    Path tmp;

    private Path write(String name, String content) throws IOException {
        return Files.write(tmp.resolve(name), content.getBytes(UTF_8));
    }

    private static StatefulSourcePartition<String, Long> build(FileSource source, Long resume) {
        return source.buildPart("flow.inp", source.listParts().get(0), resume);
    }

    /** Every batch until end of input, flattened. */
    private static List<String> drain(StatefulSourcePartition<String, Long> part) {
        List<String> all = new ArrayList<>();
        for (List<String> batch = part.nextBatch(); batch != null; batch = part.nextBatch()) {
            all.addAll(batch);
        }
        return all;
    }

    @Test
    void hasOnePartitionNamedAfterThePath() throws IOException {
        Path file = write("in.txt", "x\n");
        assertEquals(List.of(file.toString()), new FileSource(file).listParts());
    }

    @Test
    void readsLinesWithoutTerminatorsInBatchesThenEndsWithNull() throws IOException {
        Path file = write("in.txt", "one1\none2\none3\none4\none5\n");
        StatefulSourcePartition<String, Long> part = build(new FileSource(file, 2), null);
        assertEquals(List.of("one1", "one2"), part.nextBatch());
        assertEquals(List.of("one3", "one4"), part.nextBatch());
        assertEquals(List.of("one5"), part.nextBatch());
        assertNull(part.nextBatch());
        part.close();
    }

    @Test
    void defaultBatchSizeIsAThousandLines() throws IOException {
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 2500; i++) {
            content.append(i).append('\n');
        }
        Path file = write("in.txt", content.toString());
        StatefulSourcePartition<String, Long> part = build(new FileSource(file), null);
        assertEquals(1000, part.nextBatch().size());
        assertEquals(1000, part.nextBatch().size());
        List<String> last = part.nextBatch();
        assertEquals(500, last.size());
        assertEquals("2499", last.get(499));
        assertNull(part.nextBatch());
        part.close();
    }

    @Test
    void keepsBlankLinesAsEmptyStrings() throws IOException {
        Path file = write("in.txt", "one\n\ntwo\n\n\nthree\nfour\n\nfive\n");
        StatefulSourcePartition<String, Long> part = build(new FileSource(file), null);
        assertEquals(List.of("one", "", "two", "", "", "three", "four", "", "five"), drain(part));
        part.close();
    }

    @Test
    void returnsALastLineThatHasNoTerminator() throws IOException {
        Path file = write("in.txt", "a\nb");
        StatefulSourcePartition<String, Long> part = build(new FileSource(file), null);
        assertEquals(List.of("a", "b"), part.nextBatch());
        assertEquals(3L, part.snapshot());
        assertNull(part.nextBatch());
        part.close();
    }

    @Test
    void emptyFileEndsAtOnce() throws IOException {
        Path file = write("in.txt", "");
        StatefulSourcePartition<String, Long> part = build(new FileSource(file), null);
        assertEquals(0L, part.snapshot());
        assertNull(part.nextBatch());
        part.close();
    }

    @Test
    void stripsCrLfAndCountsBothBytesInTheOffset() throws IOException {
        Path file = write("in.txt", "ab\r\ncd\r\n\r\nlone\rcr\n");
        StatefulSourcePartition<String, Long> part = build(new FileSource(file, 1), null);
        assertEquals(List.of("ab"), part.nextBatch());
        assertEquals(4L, part.snapshot());
        assertEquals(List.of("cd"), part.nextBatch());
        assertEquals(8L, part.snapshot());
        assertEquals(List.of(""), part.nextBatch());
        assertEquals(10L, part.snapshot());
        assertEquals(List.of("lone\rcr"), part.nextBatch(), "a lone \\r is content, not a line end");
        assertEquals(18L, part.snapshot());
        assertNull(part.nextBatch());
        part.close();
    }

    @Test
    void snapshotIsTheExactByteOffsetWithMultibyteUtf8() throws IOException {
        List<String> lines = List.of("héllo", "日本語", "🐦 waxwing", "plain");
        Path file = write("in.txt", String.join("\n", lines) + "\n");
        StatefulSourcePartition<String, Long> part = build(new FileSource(file, 1), null);
        long expected = 0;
        for (String line : lines) {
            assertEquals(List.of(line), part.nextBatch());
            expected += line.getBytes(UTF_8).length + 1;
            assertEquals(expected, part.snapshot());
        }
        assertEquals(Files.size(file), expected);
        part.close();

        StatefulSourcePartition<String, Long> resumed = build(new FileSource(file, 1),
                (long) "héllo\n日本語\n".getBytes(UTF_8).length);
        assertEquals(List.of("🐦 waxwing", "plain"), drain(resumed));
        resumed.close();
    }

    @Test
    void resumesFromTheSnapshotWithoutRepeatingOrSkippingALine() throws IOException {
        Path file = write("partition-1.txt", "one1\none2\none3\none4\none5\none6\n");
        FileSource source = new FileSource(file, 1);
        StatefulSourcePartition<String, Long> part = build(source, null);
        assertEquals(List.of("one1"), part.nextBatch());
        assertEquals(List.of("one2"), part.nextBatch());
        Long resumeState = part.snapshot();
        assertEquals(List.of("one3"), part.nextBatch());
        assertEquals(List.of("one4"), part.nextBatch());
        part.close();

        StatefulSourcePartition<String, Long> resumed = build(new FileSource(file, 1), resumeState);
        assertEquals(resumeState, resumed.snapshot());
        assertEquals(List.of("one3"), resumed.nextBatch());
        assertEquals(List.of("one4"), resumed.nextBatch());
        assertEquals(List.of("one5"), resumed.nextBatch());
        assertEquals(List.of("one6"), resumed.nextBatch());
        assertNull(resumed.nextBatch());
        resumed.close();
    }

    @Test
    void resumingFromEverySnapshotYieldsExactlyTheRemainingLines() throws IOException {
        List<String> lines = List.of("α", "", "beta\tγ", "δδδδ", "", "🐦🐦", "end");
        Path file = write("in.txt", "α\r\n\nbeta\tγ\nδδδδ\r\n\r\n🐦🐦\nend");
        List<Long> snapshots = new ArrayList<>();
        StatefulSourcePartition<String, Long> part = build(new FileSource(file, 1), null);
        snapshots.add(part.snapshot());
        for (List<String> batch = part.nextBatch(); batch != null; batch = part.nextBatch()) {
            snapshots.add(part.snapshot());
        }
        part.close();
        assertEquals(lines.size() + 1, snapshots.size());
        for (int i = 0; i < snapshots.size(); i++) {
            StatefulSourcePartition<String, Long> resumed = build(new FileSource(file, 3), snapshots.get(i));
            assertEquals(lines.subList(i, lines.size()), drain(resumed), "resumed after line " + i);
            resumed.close();
        }
    }

    @Test
    void continuesWithLinesAppendedAfterTheSnapshot() throws IOException {
        Path file = write("in.txt", "a\nb\n");
        StatefulSourcePartition<String, Long> part = build(new FileSource(file), null);
        assertEquals(List.of("a", "b"), part.nextBatch());
        Long offset = part.snapshot();
        part.close();
        Files.write(file, "c\n".getBytes(UTF_8), java.nio.file.StandardOpenOption.APPEND);
        StatefulSourcePartition<String, Long> resumed = build(new FileSource(file), offset);
        assertEquals(List.of("c"), drain(resumed));
        resumed.close();
    }

    @Test
    void readsLinesLongerThanTheReadBufferWhole() throws IOException {
        // A 3-byte character straddles the buffer boundary, and so does the \r\n after the line.
        String longLine = "x".repeat(LineReader.BUFFER_SIZE - 1) + "€" + "y".repeat(LineReader.BUFFER_SIZE - 3);
        int longLineBytes = longLine.getBytes(UTF_8).length;
        assertEquals(2 * LineReader.BUFFER_SIZE - 1, longLineBytes);
        Path file = write("in.txt", longLine + "\r\nshort\n");
        StatefulSourcePartition<String, Long> part = build(new FileSource(file, 1), null);
        assertEquals(List.of(longLine), part.nextBatch());
        assertEquals(longLineBytes + 2L, part.snapshot());
        assertEquals(List.of("short"), part.nextBatch());
        assertNull(part.nextBatch());
        part.close();
    }

    @Test
    void skipsAByteOrderMarkAtTheStartOfTheFile() throws IOException {
        Path file = tmp.resolve("bom.txt");
        Files.write(file, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'h', 'i', '\n', 'y', 'o', '\n'});
        StatefulSourcePartition<String, Long> part = build(new FileSource(file, 1), null);
        assertEquals(List.of("hi"), part.nextBatch());
        assertEquals(6L, part.snapshot(), "the byte order mark still counts in the offset");
        assertEquals(List.of("yo"), part.nextBatch());
        part.close();
    }

    @Test
    void keepsAReplacementCharacterThatIsInTheFile() throws IOException {
        Path file = write("in.txt", "a\uFFFDb\n");
        StatefulSourcePartition<String, Long> part = build(new FileSource(file), null);
        assertEquals(List.of("a\uFFFDb"), part.nextBatch());
        part.close();
    }

    @Test
    void malformedUtf8IsAnErrorNamingTheFileAndTheLineOffset() throws IOException {
        Path file = tmp.resolve("latin1.txt");
        Files.write(file, new byte[] {'o', 'k', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'});
        StatefulSourcePartition<String, Long> part = build(new FileSource(file, 1), null);
        assertEquals(List.of("ok"), part.nextBatch());
        UncheckedIOException e = assertThrows(UncheckedIOException.class, part::nextBatch);
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
        assertTrue(e.getMessage().contains("byte offset 3"), e.getMessage());
        part.close();
    }

    @Test
    void missingFileFailsWhenThePartitionIsBuiltNamingThePath() {
        Path missing = tmp.resolve("nope.txt");
        FileSource source = new FileSource(missing);
        assertEquals(List.of(missing.toString()), source.listParts());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build(source, null));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void aDirectoryIsNotAnInputFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> build(new FileSource(tmp), null));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }

    @Test
    void resumeOffsetPastTheEndOfTheFileIsAnError() throws IOException {
        Path file = write("in.txt", "a\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> build(new FileSource(file), 100L));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("100"), e.getMessage());
    }

    @Test
    void rejectsAPartitionOfAnotherPath() throws IOException {
        Path file = write("in.txt", "a\n");
        FileSource source = new FileSource(file);
        assertThrows(IllegalArgumentException.class, () -> source.buildPart("flow.inp", "other.txt", null));
    }

    @Test
    void rejectsABatchSizeBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new FileSource(tmp.resolve("x"), 0));
    }
}
