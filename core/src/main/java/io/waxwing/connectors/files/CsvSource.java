package io.waxwing.connectors.files;

import io.waxwing.inputs.FixedPartitionedSource;
import io.waxwing.inputs.StatefulSourcePartition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rows of a UTF-8 CSV file as maps keyed by the header, like Bytewax's {@code CSVSource}. One
 * partition, named {@code path.toString()}; the first record is the header, and every later record
 * becomes a {@code Map<String, String>} whose iteration order is the header's.
 *
 * <pre>{@code
 * // index,timestamp,value
 * // 0,2022-02-24 11:42:08,0.132
 * Dataflow flow = new Dataflow("metrics");
 * flow.input("inp", new CsvSource(Path.of("metrics.csv")))
 *     .map("value", row -> Double.parseDouble(row.get("value")))
 *     .output("out", new StdOutSink<>());
 * Execution.runMain(flow);
 * }</pre>
 *
 * <p>Format (RFC 4180, as read by Python's {@code csv} module): fields are separated by the
 * delimiter (default {@code ','}) and not trimmed; a field in double quotes may hold the delimiter,
 * line breaks (kept as they are in the file) and {@code ""} for one quote; records end with
 * {@code \n} or {@code \r\n}; blank lines between records are skipped. A row with fewer fields than
 * the header maps the missing columns to {@code null}; a row with more fields, or a quoted field
 * that is never closed, fails the step with a message naming the file and the row's byte offset.
 * When the header repeats a column name, the later field wins.
 *
 * <p>Recovery: the snapshot is the byte offset where the next row starts; a resumed execution
 * reads the header again from the start of the file, then seeks to that offset.
 *
 * <p>Errors: a missing file fails the input step when the partition is built, naming the path.
 */
public final class CsvSource implements FixedPartitionedSource<Map<String, String>, Long> {
    private final Path path;
    private final char delimiter;
    private final int batchSize;

    /** The rows of {@code path}, comma-separated, {@value FileSource#DEFAULT_BATCH_SIZE} per batch. */
    public CsvSource(Path path) {
        this(path, ',');
    }

    /**
     * The rows of {@code path}, fields separated by {@code delimiter} (for example {@code ';'} or
     * {@code '\t'}), {@value FileSource#DEFAULT_BATCH_SIZE} per batch.
     */
    public CsvSource(Path path, char delimiter) {
        this(path, delimiter, FileSource.DEFAULT_BATCH_SIZE);
    }

    /** The rows of {@code path}, fields separated by {@code delimiter}, up to {@code batchSize} per batch. */
    public CsvSource(Path path, char delimiter, int batchSize) {
        this.path = Objects.requireNonNull(path, "path");
        this.delimiter = CsvRecordReader.checkDelimiter(delimiter);
        this.batchSize = FileSource.checkBatchSize(batchSize);
    }

    /** The one partition: {@code path.toString()}. */
    @Override
    public List<String> listParts() {
        return List.of(path.toString());
    }

    @Override
    public StatefulSourcePartition<Map<String, String>, Long> buildPart(String stepId, String forPart,
            Long resumeState) {
        if (!path.toString().equals(forPart)) {
            throw new IllegalArgumentException("CsvSource of `" + path + "` has no partition `" + forPart
                    + "`; the resume state was written by a CsvSource of another path");
        }
        LineReader lines = LineReader.open(path, 0);
        try {
            CsvRecordReader records = new CsvRecordReader(path, lines, delimiter);
            List<String> header = records.readRecord();
            long headerEnd = lines.offset();
            if (resumeState != null) {
                if (resumeState < headerEnd) {
                    throw new IllegalStateException("cannot resume reading CSV file `" + path + "` at byte offset "
                            + resumeState + ": its header now ends at byte " + headerEnd
                            + ", so the file was rewritten after the snapshot was taken");
                }
                lines.seek(resumeState);
            }
            return new Partition(path, lines, records, header, batchSize);
        } catch (RuntimeException e) {
            lines.close();
            throw e;
        }
    }

    private static final class Partition implements StatefulSourcePartition<Map<String, String>, Long> {
        private final Path path;
        private final LineReader lines;
        private final CsvRecordReader records;
        private final String[] columns;
        private final int batchSize;

        Partition(Path path, LineReader lines, CsvRecordReader records, List<String> header, int batchSize) {
            this.path = path;
            this.lines = lines;
            this.records = records;
            this.columns = header == null ? null : header.toArray(new String[0]);
            this.batchSize = batchSize;
        }

        @Override
        public List<Map<String, String>> nextBatch() {
            if (columns == null) {
                return null;
            }
            List<String> fields = records.readRecord();
            if (fields == null) {
                return null;
            }
            List<Map<String, String>> batch = new ArrayList<>(Math.min(batchSize, 1024));
            batch.add(toRow(fields));
            while (batch.size() < batchSize && (fields = records.readRecord()) != null) {
                batch.add(toRow(fields));
            }
            return batch;
        }

        private Map<String, String> toRow(List<String> fields) {
            int n = fields.size();
            if (n > columns.length) {
                throw new IllegalStateException("CSV file `" + path + "`: the row at byte offset " + records.recordStart()
                        + " has " + n + " fields but the header has " + columns.length + " columns");
            }
            Map<String, String> row = new LinkedHashMap<>(columns.length * 4 / 3 + 1);
            for (int i = 0; i < columns.length; i++) {
                row.put(columns[i], i < n ? fields.get(i) : null);
            }
            return row;
        }

        @Override
        public Long snapshot() {
            return lines.offset();
        }

        @Override
        public void close() {
            lines.close();
        }
    }
}
