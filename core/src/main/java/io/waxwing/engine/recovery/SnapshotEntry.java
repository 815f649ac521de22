package io.waxwing.engine.recovery;

/**
 * The state of one key of one step at the end of an epoch; a {@code null} state is a tombstone.
 * For source and sink steps the key is the partition name.
 */
public record SnapshotEntry(String stepId, String key, Object state) {
}
