package io.waxwing.connectors.files;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the lines of a {@link LineReader} into CSV records as RFC 4180 describes them: a field
 * in double quotes may hold the delimiter, line breaks (kept as they are in the file) and doubled
 * quotes standing for one quote. Like Python's {@code csv} module, which Bytewax's
 * {@code CSVSource} uses, it is lenient where the RFC is silent: a quote inside an unquoted field
 * is an ordinary character, text after a closing quote is appended to the field, and blank lines
 * between records are skipped. Fields are not trimmed.
 */
final class CsvRecordReader {
    private enum State { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED }

    private final Path path;
    private final LineReader lines;
    private final char delimiter;
    private final StringBuilder field = new StringBuilder();
    private long recordStart;

    CsvRecordReader(Path path, LineReader lines, char delimiter) {
        this.path = path;
        this.lines = lines;
        this.delimiter = delimiter;
    }

    /** Checks that {@code delimiter} can separate fields. */
    static char checkDelimiter(char delimiter) {
        if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
            throw new IllegalArgumentException("a CSV delimiter cannot be a quote or a line break, got "
                    + (int) delimiter);
        }
        return delimiter;
    }

    /** The fields of the next record, or {@code null} at end of file. */
    List<String> readRecord() {
        recordStart = lines.offset();
        String line = lines.readLine();
        while (line != null && line.isEmpty()) {
            recordStart = lines.offset();
            line = lines.readLine();
        }
        if (line == null) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        field.setLength(0);
        State state = State.FIELD_START;
        while (true) {
            for (int i = 0, n = line.length(); i < n; i++) {
                char c = line.charAt(i);
                switch (state) {
                    case FIELD_START -> {
                        if (c == '"') {
                            state = State.QUOTED;
                        } else if (c == delimiter) {
                            fields.add("");
                        } else {
                            field.append(c);
                            state = State.UNQUOTED;
                        }
                    }
                    case UNQUOTED -> {
                        if (c == delimiter) {
                            fields.add(takeField());
                            state = State.FIELD_START;
                        } else {
                            field.append(c);
                        }
                    }
                    case QUOTED -> {
                        if (c == '"') {
                            state = State.QUOTE_IN_QUOTED;
                        } else {
                            field.append(c);
                        }
                    }
                    case QUOTE_IN_QUOTED -> {
                        if (c == '"') {
                            field.append('"');
                            state = State.QUOTED;
                        } else if (c == delimiter) {
                            fields.add(takeField());
                            state = State.FIELD_START;
                        } else {
                            field.append(c);
                            state = State.UNQUOTED;
                        }
                    }
                }
            }
            if (state != State.QUOTED) {
                break;
            }
            // The line break is inside a quoted field: it is data, and the record goes on.
            field.append(lines.lastTerminator());
            line = lines.readLine();
            if (line == null) {
                throw new IllegalStateException("CSV file `" + path + "`: the quoted field of the row at byte offset "
                        + recordStart + " is never closed");
            }
        }
        fields.add(takeField());
        return fields;
    }

    /** The byte offset where the record last returned by {@link #readRecord()} starts. */
    long recordStart() {
        return recordStart;
    }

    private String takeField() {
        String s = field.toString();
        field.setLength(0);
        return s;
    }
}
