package io.waxwing.connectors.files;

import io.waxwing.dataflow.KeyHash;
import io.waxwing.outputs.FixedPartitionedSink;
import io.waxwing.outputs.StatefulSinkPartition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes a keyed stream into {@code fileCount} UTF-8 files in a directory, like Bytewax's
 * {@code DirSink}: each value's {@code toString()} followed by {@code \n}, in the file its key
 * picks. The files are the partitions, {@code part_0} … {@code part_{n-1}} (or another prefix),
 * spread over the workers so they are written in parallel; the key {@code k} goes to file
 * {@link KeyHash#route(String, int) KeyHash.route(k, fileCount)}, the same in every JVM, so all
 * the values of a key land in one file, in order.
 *
 * <pre>{@code
 * Dataflow flow = new Dataflow("by_user");
 * flow.input("inp", new CsvSource(Path.of("events.csv")))
 *     .keyOn("user", row -> row.get("user"))
 *     .mapValue("line", row -> row.get("user") + "," + row.get("amount"))
 *     .output("out", new DirSink<>(Path.of("out"), 4));   // out/part_0 … out/part_3
 * Execution.cliMain(flow, 4);
 * }</pre>
 *
 * <p>The directory and the files are created as needed; a fresh execution (no resume state)
 * truncates existing files to nothing. Every worker must see the same directory (one machine, or
 * a shared mount).
 *
 * <p>Recovery, exactly-once: as for {@link FileSink}, each file's snapshot is its length at the end
 * of the epoch, forced to disk, and a resumed execution truncates each file to its length as of the
 * last committed epoch. Resume with the same {@code fileCount}: the routing of keys depends on it.
 *
 * @param <V> value type of the keyed stream
 */
public final class DirSink<V> implements FixedPartitionedSink<V, Long> {
    /** The file-name prefix when none is given: files are {@code part_0}, {@code part_1}, … */
    public static final String DEFAULT_PREFIX = "part_";

    private final Path dir;
    private final List<String> names;

    /** Writes to {@code dir/part_0} … {@code dir/part_{fileCount-1}}. */
    public DirSink(Path dir, int fileCount) {
        this(dir, fileCount, DEFAULT_PREFIX);
    }

    /**
     * Writes to {@code dir/<prefix>0} … {@code dir/<prefix>{fileCount-1}}; for example the prefix
     * {@code "users-"} names the files {@code users-0}, {@code users-1}, …
     */
    public DirSink(Path dir, int fileCount, String prefix) {
        this.dir = Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(prefix, "prefix");
        if (fileCount < 1) {
            throw new IllegalArgumentException("fileCount must be at least 1, got " + fileCount);
        }
        if (prefix.indexOf('/') >= 0 || prefix.indexOf('\\') >= 0
                || prefix.contains(dir.getFileSystem().getSeparator())) {
            throw new IllegalArgumentException("the file-name prefix must not contain a path separator, got `"
                    + prefix + "`");
        }
        List<String> parts = new ArrayList<>(fileCount);
        for (int i = 0; i < fileCount; i++) {
            parts.add(prefix + i);
        }
        this.names = List.copyOf(parts);
    }

    /** The file names, {@code <prefix>0} … {@code <prefix>{fileCount-1}}. */
    @Override
    public List<String> listParts() {
        return names;
    }

    /** {@link KeyHash#route(String, int)}: pinned here because it decides which file holds a key. */
    @Override
    public int partFor(String itemKey, int partCount) {
        return KeyHash.route(itemKey, partCount);
    }

    @Override
    public StatefulSinkPartition<V, Long> buildPart(String stepId, String forPart, Long resumeState) {
        if (!names.contains(forPart)) {
            throw new IllegalArgumentException("DirSink of `" + dir + "` has no partition `" + forPart
                    + "`; its files are " + names.get(0) + " … " + names.get(names.size() - 1)
                    + " (was the resume state written with another fileCount or prefix?)");
        }
        return new FileSinkPartition<>(dir.resolve(forPart), resumeState);
    }
}
