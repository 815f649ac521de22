package io.waxwing.connectors.files;

import io.waxwing.inputs.FixedPartitionedSource;
import io.waxwing.inputs.StatefulSourcePartition;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The lines of one UTF-8 text file, like Bytewax's {@code FileSource}. One partition, named
 * {@code path.toString()}, read by one worker; the input ends at the end of the file.
 *
 * <pre>{@code
 * Dataflow flow = new Dataflow("lines");
 * flow.input("inp", new FileSource(Path.of("events.log")))
 *     .map("upper", String::toUpperCase)
 *     .output("out", new StdOutSink<>());
 * Execution.runMain(flow);
 * }</pre>
 *
 * <p>Lines are returned without their terminator; both {@code \n} and {@code \r\n} end a line, and
 * a last line without a terminator is still a line. Blank lines are items (empty strings). A UTF-8
 * byte order mark at the start of the file is skipped; bytes that are not UTF-8 fail the step with
 * a message naming the file and the line's byte offset.
 *
 * <p>Recovery: the partition's snapshot is the byte offset just after the last line it emitted, so a
 * resumed execution seeks there and neither repeats nor skips a line (exactly-once input). The file
 * must not be rewritten in between; appending to it is fine. A resume offset past the end of the
 * file is an error.
 *
 * <p>Errors: a missing file, or a directory, fails the input step when the partition is built,
 * with a message naming the path.
 */
public final class FileSource implements FixedPartitionedSource<String, Long> {
    /** Lines per batch when none is given: 1000, as in Bytewax. */
    public static final int DEFAULT_BATCH_SIZE = 1000;

    private final Path path;
    private final int batchSize;

    /** The lines of {@code path}, up to {@value #DEFAULT_BATCH_SIZE} per batch. */
    public FileSource(Path path) {
        this(path, DEFAULT_BATCH_SIZE);
    }

    /**
     * The lines of {@code path}, up to {@code batchSize} per batch. Larger batches amortise the
     * per-batch cost of the dataflow; smaller ones let an epoch close sooner on a slow file.
     */
    public FileSource(Path path, int batchSize) {
        this.path = Objects.requireNonNull(path, "path");
        this.batchSize = checkBatchSize(batchSize);
    }

    /** The one partition: {@code path.toString()}. */
    @Override
    public List<String> listParts() {
        return List.of(path.toString());
    }

    @Override
    public StatefulSourcePartition<String, Long> buildPart(String stepId, String forPart, Long resumeState) {
        if (!path.toString().equals(forPart)) {
            throw new IllegalArgumentException("FileSource of `" + path + "` has no partition `" + forPart
                    + "`; the resume state was written by a FileSource of another path");
        }
        return new FileSourcePartition(path, batchSize, resumeState);
    }

    static int checkBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        return batchSize;
    }
}
