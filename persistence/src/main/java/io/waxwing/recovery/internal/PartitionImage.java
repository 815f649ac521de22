package io.waxwing.recovery.internal;

/**
 * A partition's whole state, encoded when a Pekko snapshot of the partition is taken. It is encoded
 * on the partition's own thread, so that the snapshot store never sees the live, mutable state.
 */
record PartitionImage(byte[] bytes) {
}
