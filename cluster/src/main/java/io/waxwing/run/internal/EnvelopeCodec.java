package io.waxwing.run.internal;

import io.waxwing.engine.Envelope;
import io.waxwing.engine.Message;
import io.waxwing.recovery.internal.BinaryReader;
import io.waxwing.recovery.internal.BinaryWriter;
import io.waxwing.recovery.internal.StateCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the engine's exchange messages into bytes and back, for workers in other processes. Items
 * are written with the recovery store's {@link StateCodec} — compact tags for the common types,
 * Jackson CBOR with the class name for records and POJOs, never Java serialization — so a type
 * that can cross the network can also be recovered. The sending worker encodes, so an item that
 * cannot cross fails in its own step; the receiving worker decodes.
 */
public final class EnvelopeCodec {
    private static final int DATA = 1;
    private static final int BARRIER = 2;
    private static final int END = 3;
    private static final int ACK = 4;

    private final long maxBytes;

    /** An item or batch that cannot be sent to another process; the message says why. */
    public static final class UnencodableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnencodableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @param maxBytes the largest message the transport carries; a larger batch is an error that
     *                 says how to fix it, never a message the transport silently drops
     */
    public EnvelopeCodec(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * @param stepId the step whose exchange sends it, named in errors
     * @throws UnencodableException when an item cannot be encoded or the batch is too large
     */
    public byte[] encode(Envelope envelope, String stepId) {
        BinaryWriter out = new BinaryWriter(256);
        out.writeVarLong(envelope.exchange());
        out.writeVarLong(envelope.fromWorker());
        Message m = envelope.message();
        if (m instanceof Message.Data data) {
            out.writeByte(DATA);
            List<Object> items = data.items();
            out.writeVarLong(items.size());
            for (Object item : items) {
                try {
                    StateCodec.write(out, item, stepId);
                } catch (RuntimeException e) {
                    throw new UnencodableException("an item cannot be sent to another process: " + e.getMessage(), e);
                }
            }
        } else if (m instanceof Message.Barrier b) {
            out.writeByte(BARRIER);
            out.writeVarLong(b.epoch());
        } else if (m instanceof Message.End) {
            out.writeByte(END);
        } else if (m instanceof Message.Ack ack) {
            out.writeByte(ACK);
            out.writeVarLong(ack.batches());
        }
        byte[] bytes = out.toByteArray();
        if (bytes.length > maxBytes) {
            throw new UnencodableException("a batch of " + ((Message.Data) m).items().size() + " items encodes to "
                    + bytes.length + " bytes, more than the " + maxBytes
                    + " bytes pekko.remote.artery.advanced.maximum-frame-size allows; lower"
                    + " waxwing.engine.exchange-batch-size or raise the frame size", null);
        }
        return bytes;
    }

    public Envelope decode(byte[] payload) {
        try {
            BinaryReader in = new BinaryReader(payload);
            int exchange = (int) in.readVarLong();
            int from = (int) in.readVarLong();
            int tag = in.readByte();
            Message m = switch (tag) {
                case DATA -> {
                    int n = (int) in.readVarLong();
                    List<Object> items = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        items.add(StateCodec.read(in));
                    }
                    yield new Message.Data(items);
                }
                case BARRIER -> new Message.Barrier(in.readVarLong());
                case END -> Message.END;
                case ACK -> new Message.Ack((int) in.readVarLong());
                default -> throw new IllegalStateException("unknown message tag " + tag);
            };
            return new Envelope(exchange, from, m);
        } catch (RuntimeException e) {
            throw new IllegalStateException("a batch from another process could not be read: " + e.getMessage(), e);
        }
    }
}
