package io.waxwing.connectors.files;

import io.waxwing.outputs.StatefulSinkPartition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One output file as a resumable sink partition: the partition of {@link FileSink} and of each
 * file of a {@link DirSink}. It writes each value's {@code toString()} and a {@code \n} in UTF-8.
 * Its snapshot is the file's length after the epoch's writes, forced to disk; on resume it
 * truncates the file to that length, which drops whatever was written after the last committed
 * epoch and is about to be written again — that is what makes the sink exactly-once.
 */
final class FileSinkPartition<V> implements StatefulSinkPartition<V, Long> {
    private final Path path;
    private final FileChannel channel;
    private final StringBuilder text = new StringBuilder();
    private long offset;

    /**
     * Opens {@code path} for writing, creating it and its parent directories, and truncates it to
     * {@code resumeOffset} ({@code null}: to nothing).
     *
     * @throws IllegalStateException if the file is shorter than {@code resumeOffset}
     */
    FileSinkPartition(Path path, Long resumeOffset) {
        this.path = path;
        long target = resumeOffset == null ? 0L : resumeOffset;
        if (target < 0) {
            throw new IllegalArgumentException("a byte offset cannot be negative, got " + target + " for `" + path + "`");
        }
        FileChannel opened = null;
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            opened = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long size = opened.size();
            if (target > size) {
                throw new IllegalStateException("cannot resume writing `" + path + "` at byte offset " + target
                        + ": the file holds only " + size + " bytes, so it was truncated or replaced after the"
                        + " snapshot was taken; restore the file or start without recovery state");
            }
            opened.truncate(target);
            opened.position(target);
        } catch (IOException e) {
            closeQuietly(opened, e);
            throw new UncheckedIOException("cannot open output file `" + path + "`: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(opened, e);
            throw e;
        }
        this.channel = opened;
        this.offset = target;
    }

    @Override
    public void writeBatch(List<V> values) {
        text.setLength(0);
        for (int i = 0, n = values.size(); i < n; i++) {
            text.append(values.get(i)).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        int length = bytes.remaining();
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write output file `" + path + "`: " + e.getMessage(), e);
        }
        offset += length;
    }

    /** The file's length after every value written so far, once it is on disk. */
    @Override
    public Long snapshot() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush output file `" + path + "` to disk: " + e.getMessage(), e);
        }
        return offset;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close output file `" + path + "`: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(FileChannel channel, Exception failure) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
