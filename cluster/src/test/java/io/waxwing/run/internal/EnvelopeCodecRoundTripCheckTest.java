package io.waxwing.run.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.engine.Envelope;
import io.waxwing.engine.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An item that could be sent but not read by the receiving process is refused by the sender. */
class EnvelopeCodecRoundTripCheckTest {
    /** Final fields and two constructors with arguments: Jackson can write it but not read it. */
    static final class Point {
        private final int x;
        private final int y;

        Point(int x, int y) {
            this.x = x;
            this.y = y;
        }

        Point(int x) {
            this(x, 0);
        }

        @Override
        public String toString() {
            return x + "," + y;
        }
    }

    private final EnvelopeCodec codec = new EnvelopeCodec(4 * 1024 * 1024);

    @Test
    void anItemThatCannotBeDecodedIsRefusedWhenSentNamingTypeAndStep() {
        Envelope e = new Envelope(0, 0, new Message.Data(List.of("fine", new Point(1, 2))));
        EnvelopeCodec.UnencodableException ex = assertThrows(EnvelopeCodec.UnencodableException.class,
                () -> codec.encode(e, "df.spread"));
        String m = ex.getMessage();
        assertTrue(m.contains("another process") && m.contains(Point.class.getName()) && m.contains("'df.spread'")
                && m.contains("no-argument constructor"), m);
    }

    @Test
    void aRefusedItemLeavesTheOpenFrameAsItWas() {
        List<byte[]> sent = new ArrayList<>();
        EnvelopeCodec.Frames frames = codec.frames(1, (to, frame) -> sent.add(frame));
        frames.add(0, new Envelope(0, 0, new Message.Data(List.of("before"))), "df.spread");
        assertThrows(EnvelopeCodec.UnencodableException.class,
                () -> frames.add(0, new Envelope(0, 0, new Message.Data(List.of(new Point(3)))), "df.spread"));
        frames.flush();
        assertEquals(1, sent.size());
        List<Envelope> decoded = codec.decode(sent.get(0));
        assertEquals(1, decoded.size());
        assertEquals(List.of("before"), ((Message.Data) decoded.get(0).message()).items());
    }
}
