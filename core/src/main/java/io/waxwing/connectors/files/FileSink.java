package io.waxwing.connectors.files;

import io.waxwing.outputs.FixedPartitionedSink;
import io.waxwing.outputs.StatefulSinkPartition;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Writes each value of a keyed stream as a line of one UTF-8 file, like Bytewax's
 * {@code FileSink}: the value's {@code toString()} followed by {@code \n}. One partition, named
 * {@code path.toString()}, so one worker writes the whole file; the keys are ignored. Key the
 * stream first, with one constant key to keep the order of a single upstream partition:
 *
 * <pre>{@code
 * Dataflow flow = new Dataflow("copy");
 * flow.input("inp", new FileSource(Path.of("in.txt")))
 *     .map("upper", String::toUpperCase)
 *     .keyOn("all", line -> "all")
 *     .output("out", new FileSink<>(Path.of("out.txt")));
 * Execution.runMain(flow);
 * }</pre>
 *
 * <p>The file and its parent directories are created as needed. A fresh execution (no resume
 * state) truncates an existing file to nothing.
 *
 * <p>Recovery, exactly-once: at the end of every epoch the file is forced to disk and its length
 * is the partition's snapshot; a resumed execution truncates the file to the length of the last
 * committed epoch, so the lines it writes again replace the ones written after that epoch and every
 * line appears exactly once. Anything that tails the file may see lines that a resume later
 * removes. A file shorter than its snapshot (truncated or replaced meanwhile) fails the output step.
 *
 * @param <V> value type of the keyed stream
 */
public final class FileSink<V> implements FixedPartitionedSink<V, Long> {
    private final Path path;

    /** Writes to {@code path}. */
    public FileSink(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    /** The one partition: {@code path.toString()}. */
    @Override
    public List<String> listParts() {
        return List.of(path.toString());
    }

    /** Every key goes to the one partition. */
    @Override
    public int partFor(String itemKey, int partCount) {
        return 0;
    }

    @Override
    public StatefulSinkPartition<V, Long> buildPart(String stepId, String forPart, Long resumeState) {
        if (!path.toString().equals(forPart)) {
            throw new IllegalArgumentException("FileSink of `" + path + "` has no partition `" + forPart
                    + "`; the resume state was written by a FileSink of another path");
        }
        return new FileSinkPartition<>(path, resumeState);
    }
}
