package io.waxwing.run.internal;

import io.waxwing.engine.Envelope;
import io.waxwing.engine.Message;
import io.waxwing.internal.codec.BinaryReader;
import io.waxwing.internal.codec.BinaryWriter;
import io.waxwing.internal.codec.StateCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Turns the engine's exchange messages into bytes and back, for workers in other processes. Items
 * are written with the recovery store's {@link StateCodec} — compact tags for the common types,
 * Jackson CBOR with the class name for records and POJOs, never Java serialization — so a type
 * that can cross the network can also be recovered. The sending worker encodes, so an item that
 * cannot cross fails in its own step; the receiving worker decodes.
 *
 * <p>A message to another process is a <em>frame</em>: one or more envelopes to the same worker,
 * one after another. {@link Frames} fills one frame per peer and sends it when it reaches the frame
 * size, or when the worker's activation ends ({@link Frames#flush()}), so that a worker sends a few
 * large messages instead of one per batch and per credit.
 */
public final class EnvelopeCodec {
    private static final int DATA = 1;
    private static final int BARRIER = 2;
    private static final int END = 3;
    private static final int ACK = 4;

    private final long maxBytes;
    private final int frameBytes;

    /** An item or batch that cannot be sent to another process; the message says why. */
    public static final class UnencodableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnencodableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * A frame from another process that cannot be read: an item's class is missing here or cannot
     * be rebuilt from its bytes. {@link #exchange()} and {@link #fromWorker()} say where the
     * envelope came from when its header could be read, else they are -1.
     */
    public static final class UndecodableException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int exchange;
        private final int fromWorker;

        UndecodableException(int exchange, int fromWorker, String message, Throwable cause) {
            super(message, cause);
            this.exchange = exchange;
            this.fromWorker = fromWorker;
        }

        /** The exchange the envelope belongs to, or -1. */
        public int exchange() {
            return exchange;
        }

        /** The worker that sent the envelope, or -1. */
        public int fromWorker() {
            return fromWorker;
        }
    }

    /**
     * @param maxBytes the largest message the transport carries; a larger batch is an error that
     *                 says how to fix it, never a message the transport silently drops
     */
    public EnvelopeCodec(long maxBytes) {
        this(maxBytes, maxBytes);
    }

    /**
     * @param maxBytes   as above
     * @param frameBytes the size at which a frame is sent before its activation ends (at most
     *                   {@code maxBytes})
     */
    public EnvelopeCodec(long maxBytes, long frameBytes) {
        this.maxBytes = maxBytes;
        this.frameBytes = (int) Math.max(1, Math.min(Math.min(frameBytes, maxBytes), Integer.MAX_VALUE - 16));
    }

    /**
     * One envelope, as a frame of its own.
     *
     * @param stepId the step whose exchange sends it, named in errors
     * @throws UnencodableException when an item cannot be encoded or the batch is too large
     */
    public byte[] encode(Envelope envelope, String stepId) {
        BinaryWriter out = new BinaryWriter(256);
        write(out, envelope, stepId);
        return out.toByteArray();
    }

    /** Appends {@code envelope} to {@code out}; on failure {@code out} is left as it was. */
    private void write(BinaryWriter out, Envelope envelope, String stepId) {
        int start = out.size();
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
                    out.truncate(start);
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
        int length = out.size() - start;
        if (length > maxBytes) {
            out.truncate(start);
            int items = ((Message.Data) m).items().size();
            String limit = " than the " + maxBytes + " bytes one message between processes may hold"
                    + " (pekko.remote.artery.advanced.maximum-frame-size)";
            if (items == 1) {
                Object item = ((Message.Data) m).items().get(0);
                throw new UnencodableException("an item of type " + (item == null ? "null" : item.getClass().getName())
                        + " encodes to " + length + " bytes, more" + limit + "; raise that setting on every process"
                        + " (e.g. -Dpekko.remote.artery.advanced.maximum-frame-size=" + suggestedFrame(length)
                        + ", see docs/deployment.md) or send smaller items", null);
            }
            throw new UnencodableException("a batch of " + items + " items encodes to " + length + " bytes, more"
                    + limit + "; lower waxwing.engine.exchange-batch-size, or raise that setting on every process",
                    null);
        }
    }

    /** A frame size, as HOCON writes sizes, with room for {@code length} bytes: the next power of two MiB above it. */
    private static String suggestedFrame(long length) {
        long mib = (length >> 20) + 1;
        return Long.highestOneBit(mib) * 2 + "MiB";
    }

    /**
     * Every envelope of a frame, in the order they were written.
     *
     * @throws UndecodableException when the frame or an item in it cannot be read; it names the
     *                              exchange and the sending worker when they could be read
     */
    public List<Envelope> decode(byte[] frame) {
        BinaryReader in = new BinaryReader(frame);
        List<Envelope> envelopes = new ArrayList<>(4);
        do {
            envelopes.add(read(in));
        } while (!in.atEnd());
        return envelopes;
    }

    private static Envelope read(BinaryReader in) {
        int exchange = -1;
        int from = -1;
        try {
            exchange = (int) in.readVarLong();
            from = (int) in.readVarLong();
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
        } catch (RuntimeException | LinkageError e) {
            // A class that fails to load or initialise here is the receiving side's problem, not a
            // fatal error of the JVM: it fails the execution like any other undecodable item.
            throw new UndecodableException(exchange, from, e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    /** Open frames to {@code peers} workers; {@code send} gets each full frame and its destination. */
    public Frames frames(int peers, BiConsumer<Integer, byte[]> send) {
        return new Frames(peers, send);
    }

    /** One worker's open frames, one per destination worker; not thread-safe. */
    public final class Frames {
        private final BinaryWriter[] open;
        private final BiConsumer<Integer, byte[]> send;

        private Frames(int peers, BiConsumer<Integer, byte[]> send) {
            this.open = new BinaryWriter[peers];
            this.send = send;
        }

        /**
         * Adds {@code envelope} to the frame to worker {@code to}, sending the frame if it is full.
         *
         * @throws UnencodableException as {@link #encode}; the frame is left as it was
         */
        public void add(int to, Envelope envelope, String stepId) {
            BinaryWriter frame = open[to];
            if (frame == null) {
                frame = open[to] = new BinaryWriter(Math.min(frameBytes, 64 * 1024));
            }
            int mark = frame.size();
            write(frame, envelope, stepId);
            if (frame.size() > maxBytes) {
                // The frame so far and this envelope do not fit in one message: send the frame first.
                byte[] rest = frame.copyRange(mark, frame.size());
                send.accept(to, frame.copyRange(0, mark));
                frame.truncate(0);
                frame.writeRaw(rest, 0, rest.length);
            }
            if (frame.size() >= frameBytes) {
                send.accept(to, frame.toByteArray());
                frame.truncate(0);
            }
        }

        /** Sends every frame that holds an envelope. */
        public void flush() {
            for (int to = 0; to < open.length; to++) {
                BinaryWriter frame = open[to];
                if (frame != null && frame.size() > 0) {
                    send.accept(to, frame.toByteArray());
                    frame.truncate(0);
                }
            }
        }
    }
}
