package io.waxwing.run.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.engine.Envelope;
import io.waxwing.engine.Message;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the codec says when an item is too large to cross, or a frame cannot be read. */
class EnvelopeCodecFailuresTest {

    @Test
    void aSingleItemOverTheFrameSizeNamesItsSizeTheLimitAndHowToRaiseIt() {
        EnvelopeCodec codec = new EnvelopeCodec(1000);
        byte[] big = new byte[5000];
        EnvelopeCodec.UnencodableException e = assertThrows(EnvelopeCodec.UnencodableException.class,
                () -> codec.encode(new Envelope(0, 0, new Message.Data(List.of(big))), "df.step"));
        String m = e.getMessage();
        assertTrue(m.contains("an item of type " + byte[].class.getName()), m);
        assertTrue(m.matches(".*encodes to 50\\d\\d bytes.*"), m);
        assertTrue(m.contains("1000 bytes"), m);
        assertTrue(m.contains("pekko.remote.artery.advanced.maximum-frame-size"), m);
        // Lowering the batch size cannot help a batch of one item.
        assertFalse(m.contains("exchange-batch-size"), m);
    }

    @Test
    void aFrameWhoseItemCannotBeReadNamesTheExchangeAndTheSender() {
        EnvelopeCodec codec = new EnvelopeCodec(4 << 20);
        byte[] frame = codec.encode(new Envelope(3, 7, new Message.Data(List.of("fine", 42L))), "df.step");
        // Cut inside the items: the header (exchange, sender) is intact, an item is not.
        byte[] cut = Arrays.copyOf(frame, frame.length - 2);
        EnvelopeCodec.UndecodableException e = assertThrows(EnvelopeCodec.UndecodableException.class,
                () -> codec.decode(cut));
        assertEquals(3, e.exchange());
        assertEquals(7, e.fromWorker());
    }
}
