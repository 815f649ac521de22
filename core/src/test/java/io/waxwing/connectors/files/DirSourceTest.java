package io.waxwing.connectors.files;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.inputs.StatefulSourcePartition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirSourceTest {
    @TempDir
    Path tmp;
    Path dir;

    @BeforeEach
    void fillDirectory() throws IOException {
        dir = Files.createDirectory(tmp.resolve("dir_input"));
        write("partition-2.txt", "two1\ntwo2\n");
        write("partition-1.txt", "one1\none2\none3\n");
        write("partition-10.txt", "ten1\n");
        write("notes.md", "# not a partition\n");
        Files.createDirectory(dir.resolve("sub.txt"));
        Files.writeString(dir.resolve("sub.txt").resolve("nested.txt"), "nested\n");
    }

    private void write(String name, String content) throws IOException {
        Files.write(dir.resolve(name), content.getBytes(UTF_8));
    }

    private static List<String> drain(StatefulSourcePartition<String, Long> part) {
        List<String> all = new ArrayList<>();
        for (List<String> batch = part.nextBatch(); batch != null; batch = part.nextBatch()) {
            all.addAll(batch);
        }
        part.close();
        return all;
    }

    @Test
    void listsTheMatchingRegularFilesSortedByName() {
        assertEquals(List.of("partition-1.txt", "partition-10.txt", "partition-2.txt"),
                new DirSource(dir, "*.txt").listParts());
    }

    @Test
    void theDefaultGlobMatchesEveryRegularFileButNotSubdirectories() {
        assertEquals(List.of("notes.md", "partition-1.txt", "partition-10.txt", "partition-2.txt"),
                new DirSource(dir).listParts());
    }

    @Test
    void globsSupportCharacterClassesAndAlternatives() {
        assertEquals(List.of("partition-1.txt", "partition-2.txt"),
                new DirSource(dir, "partition-[0-9].txt").listParts());
        assertEquals(List.of("notes.md", "partition-2.txt"),
                new DirSource(dir, "{notes.md,*-2.txt}").listParts());
    }

    @Test
    void eachPartitionReadsItsOwnFile() {
        DirSource source = new DirSource(dir, "*.txt");
        List<String> all = new ArrayList<>();
        for (String part : source.listParts()) {
            all.addAll(drain(source.buildPart("flow.inp", part, null)));
        }
        assertEquals(List.of("one1", "one2", "one3", "ten1", "two1", "two2"), all);
    }

    @Test
    void eachPartitionResumesFromItsOwnSnapshot() {
        DirSource source = new DirSource(dir, "*.txt", 1);
        StatefulSourcePartition<String, Long> one = source.buildPart("flow.inp", "partition-1.txt", null);
        StatefulSourcePartition<String, Long> two = source.buildPart("flow.inp", "partition-2.txt", null);
        assertEquals(List.of("one1"), one.nextBatch());
        assertEquals(List.of("one2"), one.nextBatch());
        assertEquals(List.of("two1"), two.nextBatch());
        Long oneState = one.snapshot();
        Long twoState = two.snapshot();
        assertEquals(List.of("one3"), one.nextBatch());
        assertEquals(List.of("two2"), two.nextBatch());
        one.close();
        two.close();

        DirSource again = new DirSource(dir, "*.txt", 1);
        assertEquals(List.of("one3"), drain(again.buildPart("flow.inp", "partition-1.txt", oneState)));
        assertEquals(List.of("two2"), drain(again.buildPart("flow.inp", "partition-2.txt", twoState)));
        assertEquals(List.of("ten1"), drain(again.buildPart("flow.inp", "partition-10.txt", null)));
    }

    @Test
    void aFileAddedLaterBecomesANewPartition() throws IOException {
        DirSource source = new DirSource(dir, "*.txt");
        write("partition-3.txt", "three1\n");
        assertEquals(List.of("partition-1.txt", "partition-10.txt", "partition-2.txt", "partition-3.txt"),
                source.listParts());
        StatefulSourcePartition<String, Long> part = source.buildPart("flow.inp", "partition-3.txt", null);
        assertEquals(List.of("three1"), part.nextBatch());
        assertNull(part.nextBatch());
        part.close();
    }

    @Test
    void aMissingDirectoryIsAnIllegalArgumentNamingIt() {
        Path missing = tmp.resolve("bluster");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DirSource(missing, "*"));
        assertEquals("input directory `" + missing + "` does not exist", e.getMessage());
    }

    @Test
    void aFileIsNotAnInputDirectory() {
        Path file = dir.resolve("partition-1.txt");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DirSource(file, "*"));
        assertEquals("input directory `" + file + "` is not a directory", e.getMessage());
    }

    @Test
    void aDirectoryRemovedBeforeTheRunIsAnIllegalArgumentNamingIt() throws IOException {
        Path gone = Files.createDirectory(tmp.resolve("gone"));
        DirSource source = new DirSource(gone, "*");
        Files.delete(gone);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, source::listParts);
        assertTrue(e.getMessage().contains(gone.toString()), e.getMessage());
    }

    @Test
    void rejectsPartitionNamesOutsideTheDirectoryOrTheGlob() {
        DirSource source = new DirSource(dir, "*.txt");
        assertThrows(IllegalArgumentException.class, () -> source.buildPart("flow.inp", "../escape.txt", null));
        assertThrows(IllegalArgumentException.class, () -> source.buildPart("flow.inp", "sub.txt/nested.txt", null));
        assertThrows(IllegalArgumentException.class, () -> source.buildPart("flow.inp", "notes.md", null));
    }

    @Test
    void aListedFileDeletedBeforeItIsBuiltIsAnErrorNamingIt() throws IOException {
        DirSource source = new DirSource(dir, "*.txt");
        Files.delete(dir.resolve("partition-2.txt"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> source.buildPart("flow.inp", "partition-2.txt", null));
        assertTrue(e.getMessage().contains("partition-2.txt"), e.getMessage());
    }
}
