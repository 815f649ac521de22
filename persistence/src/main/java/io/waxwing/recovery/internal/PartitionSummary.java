package io.waxwing.recovery.internal;

/**
 * What a process found in one recovery partition it opened: enough to check the partitions of a
 * store against each other and to agree on the epoch to resume from, wherever they were opened.
 *
 * @param index the partition's number, from its location
 * @param location where it is (a file path, or a database row prefix)
 * @param initialized whether {@code recovery init} completed for it
 * @param createdAs the number it was created with
 * @param count the number of partitions of the store it was created in
 * @param commits the committed epochs it can resume from (those at or after its GC horizon; 0 is the start,
 *     committed when an execution first opens the store), ascending
 */
public record PartitionSummary(int index, String location, boolean initialized, int createdAs, int count,
        long[] commits) {
}
