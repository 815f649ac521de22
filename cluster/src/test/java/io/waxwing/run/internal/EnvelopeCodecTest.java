package io.waxwing.run.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.KV;
import io.waxwing.engine.Envelope;
import io.waxwing.engine.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {
    /** A user record, as dataflows carry them. */
    public record Trade(String symbol, long qty, double price, Instant at, List<String> tags) {
    }


    private final EnvelopeCodec codec = new EnvelopeCodec(4 * 1024 * 1024);

    private Envelope roundTrip(Envelope e) {
        List<Envelope> decoded = codec.decode(codec.encode(e, "df.step"));
        assertEquals(1, decoded.size());
        return decoded.get(0);
    }

    @Test
    void commonTypesRecordsAndNestedCollectionsRoundTripEqual() {
        Map<String, Integer> map = new HashMap<>();
        map.put("a", 1);
        List<Object> items = new ArrayList<>(Arrays.asList("text", "ünïcödé €", 7, 8L, 2.5, 1.5f, true, (short) 3,
                (byte) 4, 'c', null, KV.of("k", List.of(1, 2)), List.of("x", "y"), map, Set.of("s"),
                Instant.parse("2024-05-01T10:00:00.123456789Z"),
                new Trade("ACME", 10, 99.5, Instant.parse("2024-05-01T10:00:00Z"), List.of("fast"))));
        Envelope in = new Envelope(3, 1, new Message.Data(items));
        Envelope out = roundTrip(in);
        assertEquals(in, out);
        byte[] bytes = {1, 2, 3};
        Message.Data data = (Message.Data) roundTrip(new Envelope(0, 0, new Message.Data(List.of(bytes)))).message();
        assertArrayEquals(bytes, (byte[]) data.items().get(0));
    }

    @Test
    void controlMessagesRoundTrip() {
        for (Message m : List.of(new Message.Barrier(17), Message.END, new Message.Ack(5))) {
            Envelope e = new Envelope(2, 4, m);
            assertEquals(e, roundTrip(e));
        }
    }

    @Test
    void stringsAndKvPairsAreCompact() {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            items.add(KV.of("word" + i, (long) i));
        }
        int size = codec.encode(new Envelope(0, 0, new Message.Data(items)), "df.step").length;
        // Tag + length + key bytes + tag + long: no class names, no field names.
        assertTrue(size < 1000 * 25, "1000 KV<Long> took " + size + " bytes");
    }

    @Test
    void anItemThatCannotCrossProcessesIsAnErrorNamingItsType() {
        Supplier<String> lambda = () -> "a lambda has no class name to decode it by";
        EnvelopeCodec.UnencodableException e = assertThrows(EnvelopeCodec.UnencodableException.class,
                () -> codec.encode(new Envelope(0, 0, new Message.Data(List.of(lambda))), "df.step"));
        assertTrue(e.getMessage().contains(lambda.getClass().getName()), e.getMessage());
        assertTrue(e.getMessage().contains("df.step"), e.getMessage());
    }

    @Test
    void aBatchOverTheFrameSizeIsAnErrorSayingWhatToChange() {
        EnvelopeCodec small = new EnvelopeCodec(1000);
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            items.add("item number " + i);
        }
        EnvelopeCodec.UnencodableException e = assertThrows(EnvelopeCodec.UnencodableException.class,
                () -> small.encode(new Envelope(0, 0, new Message.Data(items)), "df.step"));
        assertTrue(e.getMessage().contains("waxwing.engine.exchange-batch-size"), e.getMessage());
    }

    @Test
    void framesCarryEveryEnvelopeToItsPeerInOrderAndSendWhenFullOrFlushed() {
        // Frames of about 100 bytes, messages of at most 1000.
        EnvelopeCodec small = new EnvelopeCodec(1000, 100);
        List<Map.Entry<Integer, byte[]>> sent = new ArrayList<>();
        EnvelopeCodec.Frames frames = small.frames(3, (to, frame) -> sent.add(Map.entry(to, frame)));
        List<Envelope> toTwo = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Envelope e = new Envelope(0, 1, new Message.Data(List.of("item " + i, (long) i)));
            toTwo.add(e);
            frames.add(2, e, "df.step");
        }
        Envelope toZero = new Envelope(1, 1, new Message.Ack(3));
        frames.add(0, toZero, "df.step");
        int beforeFlush = sent.size();
        assertTrue(beforeFlush >= 1 && beforeFlush < 12, "12 small batches went in " + beforeFlush + " full frames");
        frames.flush();
        List<Envelope> atTwo = new ArrayList<>();
        List<Envelope> atZero = new ArrayList<>();
        for (Map.Entry<Integer, byte[]> frame : sent) {
            assertTrue(frame.getValue().length <= 1000);
            (frame.getKey() == 2 ? atTwo : atZero).addAll(small.decode(frame.getValue()));
            assertTrue(frame.getKey() == 0 || frame.getKey() == 2);
        }
        assertEquals(toTwo, atTwo);
        assertEquals(List.of(toZero), atZero);
        int total = sent.size();
        frames.flush();
        assertEquals(total, sent.size(), "an empty frame is never sent");
    }

    @Test
    void aFrameThatWouldOutgrowTheMessageSizeIsSentBeforeTheNextBatch() {
        EnvelopeCodec codec = new EnvelopeCodec(1000, 1000);
        List<byte[]> sent = new ArrayList<>();
        EnvelopeCodec.Frames frames = codec.frames(1, (to, frame) -> sent.add(frame));
        List<Envelope> in = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<Object> items = new ArrayList<>();
            for (int j = 0; j < 30; j++) {
                items.add("batch " + i + " item " + j);
            }
            in.add(new Envelope(0, 0, new Message.Data(items)));
            frames.add(0, in.get(i), "df.step");
        }
        frames.flush();
        List<Envelope> out = new ArrayList<>();
        for (byte[] frame : sent) {
            assertTrue(frame.length <= 1000, "a frame of " + frame.length + " bytes");
            out.addAll(codec.decode(frame));
        }
        assertEquals(in, out);
        assertTrue(sent.size() >= 2, "three batches of about 500 bytes need at least two messages of 1000");
    }

    @Test
    void anUnencodableItemLeavesTheFrameAsItWas() {
        List<byte[]> sent = new ArrayList<>();
        EnvelopeCodec.Frames frames = codec.frames(1, (to, frame) -> sent.add(frame));
        Envelope ok = new Envelope(0, 0, new Message.Data(List.of("fine")));
        frames.add(0, ok, "df.step");
        Supplier<String> lambda = () -> "not encodable";
        assertThrows(EnvelopeCodec.UnencodableException.class,
                () -> frames.add(0, new Envelope(0, 0, new Message.Data(List.of("half", lambda))), "df.step"));
        frames.flush();
        assertEquals(1, sent.size());
        assertEquals(List.of(ok), codec.decode(sent.get(0)));
    }
}
