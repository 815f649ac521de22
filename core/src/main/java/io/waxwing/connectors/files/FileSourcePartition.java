package io.waxwing.connectors.files;

import io.waxwing.inputs.StatefulSourcePartition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of one file as a resumable source partition: the partition of {@link FileSource} and
 * of each file of a {@link DirSource}. Its snapshot is the byte offset after the last line it
 * returned.
 */
final class FileSourcePartition implements StatefulSourcePartition<String, Long> {
    private final LineReader reader;
    private final int batchSize;

    /**
     * Opens {@code path} at {@code resumeOffset} ({@code null}: the start of the file).
     *
     * @throws IllegalArgumentException if the file does not exist or is a directory
     * @throws IllegalStateException    if the offset is past the end of the file
     */
    FileSourcePartition(Path path, int batchSize, Long resumeOffset) {
        this.reader = LineReader.open(path, resumeOffset == null ? 0L : resumeOffset);
        this.batchSize = batchSize;
    }

    @Override
    public List<String> nextBatch() {
        String line = reader.readLine();
        if (line == null) {
            return null;
        }
        List<String> batch = new ArrayList<>(Math.min(batchSize, 1024));
        batch.add(line);
        while (batch.size() < batchSize && (line = reader.readLine()) != null) {
            batch.add(line);
        }
        return batch;
    }

    @Override
    public Long snapshot() {
        return reader.offset();
    }

    @Override
    public void close() {
        reader.close();
    }
}
