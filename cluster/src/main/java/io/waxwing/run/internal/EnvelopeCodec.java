package io.waxwing.run.internal;

import io.waxwing.engine.Envelope;
import io.waxwing.engine.Message;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the engine's exchange messages into bytes and back, for workers in other processes. The
 * sending worker encodes (so that an item that cannot cross fails there, naming its step); the
 * receiving worker decodes.
 */
public final class EnvelopeCodec {
    private static final byte DATA = 1;
    private static final byte BARRIER = 2;
    private static final byte END = 3;
    private static final byte ACK = 4;

    private final ItemCodec items;
    private final long maxBytes;

    /**
     * @param maxBytes the largest message the transport carries; a larger batch is an error that
     *                 says how to fix it, never a message the transport silently drops
     */
    public EnvelopeCodec(ItemCodec items, long maxBytes) {
        this.items = items;
        this.maxBytes = maxBytes;
    }

    public byte[] encode(Envelope envelope) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(envelope.exchange());
            out.writeInt(envelope.fromWorker());
            Message m = envelope.message();
            if (m instanceof Message.Data data) {
                out.writeByte(DATA);
                List<Object> list = data.items();
                out.writeInt(list.size());
                for (Object item : list) {
                    items.write(out, item);
                }
            } else if (m instanceof Message.Barrier b) {
                out.writeByte(BARRIER);
                out.writeLong(b.epoch());
            } else if (m instanceof Message.End) {
                out.writeByte(END);
            } else if (m instanceof Message.Ack ack) {
                out.writeByte(ACK);
                out.writeInt(ack.batches());
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        if (bytes.size() > maxBytes) {
            throw new ItemCodec.UnencodableException("a batch of " + ((Message.Data) envelope.message()).items().size()
                    + " items encodes to " + bytes.size() + " bytes, more than the " + maxBytes
                    + " bytes pekko.remote.artery.advanced.maximum-frame-size allows; lower"
                    + " waxwing.engine.exchange-batch-size or raise the frame size", null);
        }
        return bytes.toByteArray();
    }

    public Envelope decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int exchange = in.readInt();
            int from = in.readInt();
            byte tag = in.readByte();
            Message m = switch (tag) {
                case DATA -> {
                    int n = in.readInt();
                    List<Object> list = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        list.add(items.read(in));
                    }
                    yield new Message.Data(list);
                }
                case BARRIER -> new Message.Barrier(in.readLong());
                case END -> Message.END;
                case ACK -> new Message.Ack(in.readInt());
                default -> throw new IOException("unknown message tag " + tag);
            };
            return new Envelope(exchange, from, m);
        } catch (IOException e) {
            throw new IllegalStateException("a batch from another process could not be read: " + e.getMessage(), e);
        }
    }
}
