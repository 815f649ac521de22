package io.waxwing.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waxwing.internal.codec.StateCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The connector's items survive the encoding that carries items between processes and into the
 * recovery store, so they may be redistributed, keyed and kept in state. Needs no broker.
 */
class KafkaItemsCrossProcessesTest {

    private static Object roundTrip(Object item) {
        return StateCodec.decode(StateCodec.encode(item, "flow.step"));
    }

    private static final KafkaSourceMessage MESSAGE = new KafkaSourceMessage("k".getBytes(StandardCharsets.UTF_8),
            "v".getBytes(StandardCharsets.UTF_8), "topic-a", 2, 41L, 1_700_000_000_000L,
            List.of(KafkaHeader.of("h", "x"), new KafkaHeader("empty", null)));

    @Test
    void sourceMessageWithHeadersRoundTrips() {
        assertEquals(MESSAGE, roundTrip(MESSAGE));
    }

    @Test
    void errorWithItsMessageRoundTrips() {
        KafkaError error = KafkaError.of(MESSAGE, new NumberFormatException("For input string: \"v\""));
        assertEquals(error, roundTrip(error));
        KafkaError unreadable = new KafkaError("topic-a", 0, 7, "corrupt", null);
        assertEquals(unreadable, roundTrip(unreadable));
    }

    @Test
    void sinkMessageRoundTrips() {
        KafkaSinkMessage m = KafkaSinkMessage.of("k", "v").withTopic("out").withHeaders(List.of(KafkaHeader.of("a", "b")));
        assertEquals(m, roundTrip(m));
        KafkaSinkMessage bare = KafkaSinkMessage.of((byte[]) null, null);
        assertEquals(bare, roundTrip(bare));
    }
}
