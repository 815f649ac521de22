package io.waxwing.run.internal;

/**
 * Marks the control messages that may cross processes; they are serialized with Pekko's Jackson
 * CBOR serializer (see {@code reference.conf}). Data batches have a serializer of their own.
 */
public interface ClusterMessage {
}
