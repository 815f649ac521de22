package io.waxwing.recovery.internal;

/**
 * What a recovery partition's journal records. Every write to a partition is one of these events;
 * {@link PartitionSerializer} gives them a compact binary form.
 */
sealed interface PartitionEvent {

    /** The partition was created as number {@code index} of {@code count}. */
    record Initialized(int index, int count) implements PartitionEvent {
    }

    /**
     * One worker's snapshots of one epoch that route to this partition: {@code values[i]} is the
     * encoded state of {@code keys[i]} of step {@code steps[i]}, {@code null} for a tombstone.
     */
    record Stored(long epoch, String[] steps, String[] keys, byte[][] values) implements PartitionEvent {
    }

    /**
     * Epoch {@code epoch} was committed at {@code atMillis} (wall clock). Versions superseded by a
     * version at or before {@code gcHorizon} are dropped.
     */
    record Committed(long epoch, long atMillis, long gcHorizon) implements PartitionEvent {
    }

    /** A new execution resumes after {@code epoch}: later versions and commits are void. */
    record Truncated(long epoch) implements PartitionEvent {
    }
}
