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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSourceTest {
    @TempDir
    Path tmp;

    private Path write(String content) throws IOException {
        return Files.write(tmp.resolve("data.csv"), content.getBytes(UTF_8));
    }

    private static StatefulSourcePartition<Map<String, String>, Long> build(CsvSource source, Long resume) {
        return source.buildPart("flow.inp", source.listParts().get(0), resume);
    }

    private static List<Map<String, String>> drain(StatefulSourcePartition<Map<String, String>, Long> part) {
        List<Map<String, String>> all = new ArrayList<>();
        for (List<Map<String, String>> batch = part.nextBatch(); batch != null; batch = part.nextBatch()) {
            all.addAll(batch);
        }
        part.close();
        return all;
    }

    /** A row with the columns {@code header} (comma-separated) and the given values, in order. */
    private static Map<String, String> row(String header, String... values) {
        String[] columns = header.split(",");
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.length; i++) {
            row.put(columns[i], i < values.length ? values[i] : null);
        }
        return row;
    }

    @Test
    void eachRowBecomesAMapKeyedByTheHeaderInHeaderOrder() throws IOException {
        Path file = write("""
                index,timestamp,value,instance
                0,2022-02-24 11:42:08,0.132,24ae8d
                0,2022-02-24 11:42:08,0.066,c6585a
                1,2022-02-24 11:42:09,42.652,ac20cd
                """);
        CsvSource source = new CsvSource(file);
        assertEquals(List.of(file.toString()), source.listParts());
        List<Map<String, String>> rows = drain(build(source, null));
        String h = "index,timestamp,value,instance";
        assertEquals(List.of(
                row(h, "0", "2022-02-24 11:42:08", "0.132", "24ae8d"),
                row(h, "0", "2022-02-24 11:42:08", "0.066", "c6585a"),
                row(h, "1", "2022-02-24 11:42:09", "42.652", "ac20cd")), rows);
        assertEquals(List.of("index", "timestamp", "value", "instance"), new ArrayList<>(rows.get(0).keySet()));
    }

    @Test
    void quotedFieldsMayHoldDelimitersDoubledQuotesAndLineBreaks() throws IOException {
        Path file = write("name,quote,n\r\n"
                + "\"Smith, Jane\",\"She said \"\"hi\"\"\",1\r\n"
                + "\"multi\nline\",\"crlf\r\ninside\",2\r\n"
                + "\"\",\"\"\"\",3\r\n"
                + "plain \"mid\" quote,\"a\"b,4\r\n");
        List<Map<String, String>> rows = drain(build(new CsvSource(file), null));
        String h = "name,quote,n";
        assertEquals(List.of(
                row(h, "Smith, Jane", "She said \"hi\"", "1"),
                row(h, "multi\nline", "crlf\r\ninside", "2"),
                row(h, "", "\"", "3"),
                row(h, "plain \"mid\" quote", "ab", "4")), rows);
    }

    @Test
    void aQuotedFieldMayHoldBlankLines() throws IOException {
        Path file = write("a,b\n\"x\n\ny\",z\n");
        assertEquals(List.of(row("a,b", "x\n\ny", "z")), drain(build(new CsvSource(file), null)));
    }

    @Test
    void fieldsAreNotTrimmedAndEmptyFieldsAreEmptyStrings() throws IOException {
        Path file = write("a,b,c\n x ,,\n");
        assertEquals(List.of(row("a,b,c", " x ", "", "")), drain(build(new CsvSource(file), null)));
    }

    @Test
    void blankLinesBetweenRowsAreSkipped() throws IOException {
        Path file = write("a,b\n\n1,2\n\r\n\n3,4\n\n");
        assertEquals(List.of(row("a,b", "1", "2"), row("a,b", "3", "4")), drain(build(new CsvSource(file), null)));
    }

    @Test
    void readsOtherDelimiters() throws IOException {
        Path file = write("a;b;c\n1;\"x;y\";3\n");
        assertEquals(List.of(row("a,b,c", "1", "x;y", "3")), drain(build(new CsvSource(file, ';'), null)));
        Path tsv = Files.writeString(tmp.resolve("data.tsv"), "a\tb\n1,5\t2\n");
        assertEquals(List.of(row("a,b", "1,5", "2")), drain(build(new CsvSource(tsv, '\t'), null)));
    }

    @Test
    void rowsComeInBatchesOfTheGivenSize() throws IOException {
        Path file = write("n\n1\n2\n3\n");
        StatefulSourcePartition<Map<String, String>, Long> part = build(new CsvSource(file, ',', 2), null);
        assertEquals(List.of(Map.of("n", "1"), Map.of("n", "2")), part.nextBatch());
        assertEquals(List.of(Map.of("n", "3")), part.nextBatch());
        assertNull(part.nextBatch());
        part.close();
    }

    @Test
    void snapshotIsTheByteOffsetOfTheNextRowEvenAfterAMultiLineRow() throws IOException {
        String header = "k,v\r\n";
        String first = "1,\"line one\r\nline two €\"\r\n";
        String second = "2,x\r\n";
        Path file = write(header + first + second);
        StatefulSourcePartition<Map<String, String>, Long> part = build(new CsvSource(file, ',', 1), null);
        long headerBytes = header.getBytes(UTF_8).length;
        assertEquals(headerBytes, part.snapshot(), "before any row, the snapshot is just after the header");
        assertEquals(List.of(row("k,v", "1", "line one\r\nline two €")), part.nextBatch());
        assertEquals(headerBytes + first.getBytes(UTF_8).length, part.snapshot());
        assertEquals(List.of(row("k,v", "2", "x")), part.nextBatch());
        assertEquals(Files.size(file), part.snapshot());
        assertNull(part.nextBatch());
        part.close();
    }

    @Test
    void resumesByReReadingTheHeaderThenSeekingToTheNextRow() throws IOException {
        Path file = write("id,word\n1,one\n2,\"t,wo\"\n3,three\n4,four\n");
        StatefulSourcePartition<Map<String, String>, Long> part = build(new CsvSource(file, ',', 1), null);
        assertEquals(List.of(row("id,word", "1", "one")), part.nextBatch());
        assertEquals(List.of(row("id,word", "2", "t,wo")), part.nextBatch());
        Long resumeState = part.snapshot();
        assertEquals(List.of(row("id,word", "3", "three")), part.nextBatch());
        part.close();

        StatefulSourcePartition<Map<String, String>, Long> resumed = build(new CsvSource(file, ',', 1), resumeState);
        assertEquals(resumeState, resumed.snapshot());
        assertEquals(List.of(row("id,word", "3", "three"), row("id,word", "4", "four")), drain(resumed));
    }

    @Test
    void resumingBeforeAnyRowStartsAtTheFirstRow() throws IOException {
        Path file = write("\uFEFFid\n1\n2\n");
        StatefulSourcePartition<Map<String, String>, Long> part = build(new CsvSource(file), null);
        Long start = part.snapshot();
        part.close();
        assertEquals(List.of(Map.of("id", "1"), Map.of("id", "2")), drain(build(new CsvSource(file), start)),
                "the header's name has no byte order mark, and the header is not read as a row");
    }

    @Test
    void missingColumnsOfAShortRowAreNull() throws IOException {
        Path file = write("a,b,c\n1,2\n");
        List<Map<String, String>> rows = drain(build(new CsvSource(file), null));
        assertEquals(List.of(row("a,b,c", "1", "2")), rows);
        assertTrue(rows.get(0).containsKey("c"));
        assertNull(rows.get(0).get("c"));
    }

    @Test
    void aRowWithMoreFieldsThanTheHeaderIsAnErrorNamingItsOffset() throws IOException {
        Path file = write("a,b\n1,2\n1,2,3\n");
        StatefulSourcePartition<Map<String, String>, Long> part = build(new CsvSource(file, ',', 1), null);
        assertEquals(List.of(row("a,b", "1", "2")), part.nextBatch());
        IllegalStateException e = assertThrows(IllegalStateException.class, part::nextBatch);
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("byte offset 8"), e.getMessage());
        assertTrue(e.getMessage().contains("3 fields but the header has 2 columns"), e.getMessage());
        part.close();
    }

    @Test
    void aQuotedFieldThatIsNeverClosedIsAnError() throws IOException {
        Path file = write("a,b\n1,\"open\nstill open\n");
        StatefulSourcePartition<Map<String, String>, Long> part = build(new CsvSource(file), null);
        IllegalStateException e = assertThrows(IllegalStateException.class, part::nextBatch);
        assertTrue(e.getMessage().contains("never closed"), e.getMessage());
        assertTrue(e.getMessage().contains("byte offset 4"), e.getMessage());
        part.close();
    }

    @Test
    void aFileWithOnlyAHeaderOrNothingHasNoRows() throws IOException {
        Path file = write("a,b\n");
        assertEquals(List.of(), drain(build(new CsvSource(file), null)));
        Path empty = Files.write(tmp.resolve("empty.csv"), new byte[0]);
        assertEquals(List.of(), drain(build(new CsvSource(empty), null)));
    }

    @Test
    void theLaterFieldWinsWhenTheHeaderRepeatsAColumn() throws IOException {
        Path file = write("a,a,b\n1,2,3\n");
        Map<String, String> only = drain(build(new CsvSource(file), null)).get(0);
        assertEquals(Arrays.asList("a", "b"), new ArrayList<>(only.keySet()));
        assertEquals("2", only.get("a"));
    }

    @Test
    void missingFileFailsWhenThePartitionIsBuiltNamingThePath() {
        Path missing = tmp.resolve("metrics.csv");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> build(new CsvSource(missing), null));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void aResumeOffsetInsideTheHeaderMeansTheFileWasRewritten() throws IOException {
        Path file = write("a,b\n1,2\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> build(new CsvSource(file), 2L));
        assertTrue(e.getMessage().contains("rewritten"), e.getMessage());
    }

    @Test
    void rejectsAQuoteOrLineBreakAsDelimiter() {
        Path file = tmp.resolve("data.csv");
        assertThrows(IllegalArgumentException.class, () -> new CsvSource(file, '"'));
        assertThrows(IllegalArgumentException.class, () -> new CsvSource(file, '\n'));
    }
}
