package io.waxwing.connectors.files;

import io.waxwing.inputs.FixedPartitionedSource;
import io.waxwing.inputs.StatefulSourcePartition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The lines of every regular file in a directory whose name matches a glob, like Bytewax's
 * {@code DirSource}. Each file is one partition, named by its file name and read by one worker
 * exactly as {@link FileSource} reads it, so the files are read in parallel and the lines of
 * different files interleave.
 *
 * <pre>{@code
 * Dataflow flow = new Dataflow("logs");
 * flow.input("inp", new DirSource(Path.of("logs"), "*.log"))
 *     .filter("errors", line -> line.contains("ERROR"))
 *     .output("out", new StdOutSink<>());
 * Execution.cliMain(flow, 4);
 * }</pre>
 *
 * <p>The glob is matched against file names only ({@code "*.csv"}, {@code "part-[0-9]*"}), with
 * the syntax of {@link java.nio.file.FileSystem#getPathMatcher}; subdirectories are not entered.
 * The partitions are the matching names in sorted order. Every worker must see the same files (one
 * machine, or a shared mount).
 *
 * <p>Recovery: each file's snapshot is the byte offset after its last emitted line; a resumed
 * execution continues every file where it stopped, and a file that appeared since starts at its
 * beginning.
 *
 * <p>Errors: a missing directory, or a path that is not a directory, is an
 * {@link IllegalArgumentException} naming it, thrown by the constructor.
 */
public final class DirSource implements FixedPartitionedSource<String, Long> {
    private final Path dir;
    private final String glob;
    private final PathMatcher matcher;
    private final int batchSize;

    /** Every regular file in {@code dir}, {@value FileSource#DEFAULT_BATCH_SIZE} lines per batch. */
    public DirSource(Path dir) {
        this(dir, "*");
    }

    /** The files in {@code dir} whose names match {@code glob}, {@value FileSource#DEFAULT_BATCH_SIZE} lines per batch. */
    public DirSource(Path dir, String glob) {
        this(dir, glob, FileSource.DEFAULT_BATCH_SIZE);
    }

    /** The files in {@code dir} whose names match {@code glob}, up to {@code batchSize} lines per batch. */
    public DirSource(Path dir, String glob, int batchSize) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.glob = Objects.requireNonNull(glob, "glob");
        this.batchSize = FileSource.checkBatchSize(batchSize);
        checkDirectory(dir);
        this.matcher = dir.getFileSystem().getPathMatcher("glob:" + glob);
    }

    /** The names of the matching regular files, sorted. */
    @Override
    public List<String> listParts() {
        checkDirectory(dir);
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Path name = entry.getFileName();
                if (matcher.matches(name) && Files.isRegularFile(entry)) {
                    names.add(name.toString());
                }
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("input directory `" + dir + "` does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list input directory `" + dir + "`: " + e.getMessage(), e);
        }
        Collections.sort(names);
        return List.copyOf(names);
    }

    @Override
    public StatefulSourcePartition<String, Long> buildPart(String stepId, String forPart, Long resumeState) {
        Path name = dir.getFileSystem().getPath(forPart);
        if (name.isAbsolute() || name.getNameCount() != 1 || forPart.equals("..") || !matcher.matches(name)) {
            throw new IllegalArgumentException("DirSource of `" + dir + "` with glob `" + glob
                    + "` has no partition `" + forPart + "`");
        }
        return new FileSourcePartition(dir.resolve(name), batchSize, resumeState);
    }

    private static void checkDirectory(Path dir) {
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException("input directory `" + dir + "` does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("input directory `" + dir + "` is not a directory");
        }
    }
}
