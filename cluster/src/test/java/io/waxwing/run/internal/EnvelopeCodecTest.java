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
        return codec.decode(codec.encode(e, "df.step"));
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
}
