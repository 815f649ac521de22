package io.waxwing.connectors.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A record that could not be read or processed, on the error stream of
 * {@link KafkaOperators#input} or {@link KafkaOperators#tryMap}: where it was, what went wrong,
 * and the record itself when it could be read.
 *
 * <pre>{@code
 * kafka.errs().map("dlq", e -> e.toSinkMessage("lines-dead-letters")).output("dlq_out", sink);
 * }</pre>
 *
 * @param topic     the topic of the record
 * @param partition its partition
 * @param offset    its offset
 * @param error     what went wrong: the exception's class and message
 * @param message   the record, or {@code null} when the consumer could not read it at all
 */
public record KafkaError(String topic, int partition, long offset, String error, KafkaSourceMessage message) {

    public KafkaError {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(error, "error");
    }

    /** The error of {@code failure} thrown while processing {@code message}. */
    public static KafkaError of(KafkaSourceMessage message, Throwable failure) {
        String text = failure.getMessage() == null ? failure.getClass().getName()
                : failure.getClass().getName() + ": " + failure.getMessage();
        return new KafkaError(message.topic(), message.partition(), message.offset(), text, message);
    }

    /**
     * A message for a dead-letter topic: the record's key, value and headers (none when it could
     * not be read), plus the headers {@code waxwing.error} (what went wrong) and
     * {@code waxwing.source} ({@code topic/partition@offset}).
     */
    public KafkaSinkMessage toSinkMessage(String deadLetterTopic) {
        List<KafkaHeader> headers = new ArrayList<>(message == null ? List.of() : message.headers());
        headers.add(KafkaHeader.of("waxwing.error", error));
        headers.add(KafkaHeader.of("waxwing.source", topic + "/" + partition + "@" + offset));
        return new KafkaSinkMessage(message == null ? null : message.key(), message == null ? null : message.value(),
                deadLetterTopic, headers, null, null);
    }
}
