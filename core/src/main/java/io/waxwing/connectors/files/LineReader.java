package io.waxwing.connectors.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads the lines of a UTF-8 file and knows the exact byte offset after the last line it returned,
 * so that a source partition can snapshot that offset and resume there. A
 * {@link java.io.BufferedReader} cannot say where it is in the file (it reads ahead and decodes
 * ahead), which is why this reads bytes and decodes each line itself.
 *
 * <p>A line ends at {@code \n}; a {@code \r} right before it is dropped as well. A lone {@code \r}
 * is content. A last line without a terminator is still a line. A UTF-8 byte order mark at the very
 * start of the file is skipped (its three bytes still count in the offsets). Malformed UTF-8 is an
 * error naming the file and the line's offset, as {@link Files#readAllLines(Path)} reports it.
 */
final class LineReader {
    /** Bytes read from the file at a time. */
    static final int BUFFER_SIZE = 64 * 1024;

    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
    private final CharsetDecoder strictUtf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] line = new byte[256];
    private long offset;
    private boolean atFileStart;
    private String terminator = "";

    private LineReader(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
        buffer.limit(0);
    }

    /**
     * Opens {@code path} positioned at byte {@code offset}.
     *
     * @throws IllegalArgumentException if the file does not exist or is a directory
     * @throws IllegalStateException    if {@code offset} is past the end of the file
     */
    static LineReader open(Path path, long offset) {
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException("input file `" + path + "` is a directory, not a file");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("input file `" + path + "` does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open input file `" + path + "`: " + e.getMessage(), e);
        }
        LineReader reader = new LineReader(path, channel);
        try {
            reader.seek(offset);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
        return reader;
    }

    /**
     * Moves to byte {@code to}, which must be the start of a line (an offset this reader reported).
     *
     * @throws IllegalStateException if {@code to} is past the end of the file
     */
    void seek(long to) {
        if (to < 0) {
            throw new IllegalArgumentException("a byte offset cannot be negative, got " + to + " for `" + path + "`");
        }
        try {
            long size = channel.size();
            if (to > size) {
                throw new IllegalStateException("cannot resume reading `" + path + "` at byte offset " + to
                        + ": the file holds only " + size + " bytes, so it was truncated or replaced after"
                        + " the snapshot was taken; restore the file or start without recovery state");
            }
            channel.position(to);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot seek in input file `" + path + "`: " + e.getMessage(), e);
        }
        buffer.limit(0);
        offset = to;
        atFileStart = to == 0;
    }

    /** The byte offset just after the last line returned (or the offset opened or sought to). */
    long offset() {
        return offset;
    }

    /** What ended the last line returned: {@code "\n"}, {@code "\r\n"}, or {@code ""} at end of file. */
    String lastTerminator() {
        return terminator;
    }

    /** The next line without its terminator, or {@code null} at end of file. */
    String readLine() {
        long start = offset;
        int len = 0;
        while (true) {
            if (!buffer.hasRemaining() && !fill()) {
                if (len == 0) {
                    return null;
                }
                offset = start + len;
                terminator = "";
                return decode(start, len);
            }
            byte[] bytes = buffer.array();
            int from = buffer.position();
            int to = buffer.limit();
            int nl = from;
            while (nl < to && bytes[nl] != '\n') {
                nl++;
            }
            if (len == 0 && nl < to) {
                // The whole line is in the buffer: decode it from there, without copying it first.
                buffer.position(nl + 1);
                offset = start + (nl - from) + 1;
                boolean crlf = nl > from && bytes[nl - 1] == '\r';
                terminator = crlf ? "\r\n" : "\n";
                return decode(bytes, from, (crlf ? nl - 1 : nl) - from, start);
            }
            len = append(len, bytes, from, nl - from);
            if (nl < to) {
                buffer.position(nl + 1);
                offset = start + len + 1;
                boolean crlf = len > 0 && line[len - 1] == '\r';
                terminator = crlf ? "\r\n" : "\n";
                return decode(start, crlf ? len - 1 : len);
            }
            buffer.position(to);
        }
    }

    /** Closes the file; later reads fail. Closing twice is harmless. */
    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close input file `" + path + "`: " + e.getMessage(), e);
        }
    }

    private boolean fill() {
        buffer.clear();
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read input file `" + path + "`: " + e.getMessage(), e);
        }
        buffer.flip();
        return n > 0;
    }

    private int append(int len, byte[] bytes, int from, int count) {
        if (len + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, len + count));
        }
        System.arraycopy(bytes, from, line, len, count);
        return len + count;
    }

    private String decode(long start, int len) {
        return decode(line, 0, len, start);
    }

    /** Decodes {@code len} bytes of {@code bytes} from {@code at}: the line that starts at byte {@code start}. */
    private String decode(byte[] bytes, int at, int len, long start) {
        int from = at;
        int end = at + len;
        if (atFileStart) {
            atFileStart = false;
            if (len >= 3 && bytes[at] == (byte) 0xEF && bytes[at + 1] == (byte) 0xBB && bytes[at + 2] == (byte) 0xBF) {
                from = at + 3;
            }
        }
        String s = new String(bytes, from, end - from, StandardCharsets.UTF_8);
        // The lenient decoder above is the fast path; a replacement character means the line was
        // either malformed or held U+FFFD itself, and only the strict decoder can tell which.
        if (s.indexOf('\uFFFD') >= 0) {
            try {
                strictUtf8.decode(ByteBuffer.wrap(bytes, from, end - from));
            } catch (CharacterCodingException e) {
                throw new UncheckedIOException("input file `" + path + "` is not valid UTF-8: the line at byte offset "
                        + start + " holds malformed bytes", e);
            }
        }
        return s;
    }
}
