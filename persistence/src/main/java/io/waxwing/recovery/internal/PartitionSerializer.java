package io.waxwing.recovery.internal;

import io.waxwing.internal.codec.BinaryWriter;
import io.waxwing.internal.codec.BinaryReader;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * The binary form of what a recovery partition journals: its events and its snapshot images.
 * Bound in this module's {@code reference.conf}; Java serialization is never involved.
 */
public final class PartitionSerializer extends SerializerWithStringManifest {
    private static final String INITIALIZED = "I";
    private static final String STORED = "S";
    private static final String COMMITTED = "C";
    private static final String TRUNCATED = "T";
    private static final String IMAGE = "P";

    /** Pekko creates serializers reflectively with this constructor. */
    public PartitionSerializer(ExtendedActorSystem system) {
    }

    @Override
    public int identifier() {
        return 940_417;
    }

    @Override
    public String manifest(Object o) {
        if (o instanceof PartitionEvent.Stored) {
            return STORED;
        } else if (o instanceof PartitionEvent.Committed) {
            return COMMITTED;
        } else if (o instanceof PartitionEvent.Truncated) {
            return TRUNCATED;
        } else if (o instanceof PartitionEvent.Initialized) {
            return INITIALIZED;
        } else if (o instanceof PartitionImage) {
            return IMAGE;
        }
        throw new IllegalArgumentException("not a recovery partition record: " + o.getClass().getName());
    }

    @Override
    public byte[] toBinary(Object o) {
        if (o instanceof PartitionImage image) {
            return image.bytes();
        }
        BinaryWriter out = new BinaryWriter(64);
        if (o instanceof PartitionEvent.Stored s) {
            writeStored(out, s);
        } else if (o instanceof PartitionEvent.Committed c) {
            out.writeVarLong(c.epoch());
            out.writeVarLong(c.atMillis());
            out.writeVarLong(c.gcHorizon());
        } else if (o instanceof PartitionEvent.Truncated t) {
            out.writeVarLong(t.epoch());
        } else if (o instanceof PartitionEvent.Initialized init) {
            out.writeVarLong(init.index());
            out.writeVarLong(init.count());
        } else {
            throw new IllegalArgumentException("not a recovery partition record: " + o.getClass().getName());
        }
        return out.toByteArray();
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) {
        if (IMAGE.equals(manifest)) {
            return new PartitionImage(bytes);
        }
        BinaryReader in = new BinaryReader(bytes);
        switch (manifest) {
            case STORED:
                return readStored(in);
            case COMMITTED:
                return new PartitionEvent.Committed(in.readVarLong(), in.readVarLong(), in.readVarLong());
            case TRUNCATED:
                return new PartitionEvent.Truncated(in.readVarLong());
            case INITIALIZED:
                return new PartitionEvent.Initialized((int) in.readVarLong(), (int) in.readVarLong());
            default:
                throw new IllegalArgumentException("unknown recovery partition record manifest '" + manifest + "'");
        }
    }

    /** Writes a {@link PartitionEvent.Stored} batch (its epoch, then its entries). */
    static void writeStored(BinaryWriter out, PartitionEvent.Stored s) {
        out.writeVarLong(s.epoch());
        int n = s.keys().length;
        out.writeVarLong(n);
        String lastStep = null;
        for (int i = 0; i < n; i++) {
            // Entries of one step come together; repeat the step id only when it changes.
            String step = s.steps()[i];
            if (step.equals(lastStep)) {
                out.writeByte(0);
            } else {
                out.writeByte(1);
                out.writeString(step);
                lastStep = step;
            }
            out.writeString(s.keys()[i]);
            byte[] v = s.values()[i];
            if (v == null) {
                out.writeVarLong(0);
            } else {
                out.writeVarLong(v.length + 1L);
                out.writeRaw(v, 0, v.length);
            }
        }
    }

    /** Reads what {@link #writeStored} wrote. */
    static PartitionEvent.Stored readStored(BinaryReader in) {
        long epoch = in.readVarLong();
        int n = (int) in.readVarLong();
        String[] steps = new String[n];
        String[] keys = new String[n];
        byte[][] values = new byte[n][];
        String step = null;
        for (int i = 0; i < n; i++) {
            if (in.readByte() == 1) {
                step = in.readString();
            }
            steps[i] = step;
            keys[i] = in.readString();
            long len = in.readVarLong();
            if (len > 0) {
                values[i] = in.readRaw(len - 1);
            }
        }
        return new PartitionEvent.Stored(epoch, steps, keys, values);
    }
}
