package io.waxwing.recovery.internal;

/**
 * Marks the messages of the recovery store that may cross processes (a {@link PartitionServer}'s
 * protocol); they are serialized with Pekko's Jackson CBOR serializer (see {@code reference.conf}).
 */
public interface RecoveryMessage {
}
