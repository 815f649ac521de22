package io.waxwing.run.internal;

import org.apache.pekko.serialization.JSerializer;

/**
 * Pekko's serializer for {@link WorkerActor.RemoteBatch}: the batch is already bytes (encoded by
 * the sending worker with {@link EnvelopeCodec}), so this only hands them over.
 */
public final class RemoteBatchSerializer extends JSerializer {

    @Override
    public int identifier() {
        return 0x5761_7801;
    }

    @Override
    public boolean includeManifest() {
        return false;
    }

    @Override
    public byte[] toBinary(Object o) {
        if (o instanceof WorkerActor.RemoteBatch batch) {
            return batch.payload();
        }
        throw new IllegalArgumentException("RemoteBatchSerializer cannot serialize " + o.getClass().getName());
    }

    @Override
    public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
        return new WorkerActor.RemoteBatch(bytes);
    }
}
