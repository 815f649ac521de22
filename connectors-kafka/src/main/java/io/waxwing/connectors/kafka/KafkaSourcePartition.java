package io.waxwing.connectors.kafka;

import io.waxwing.inputs.StatefulSourcePartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * One topic partition of a {@link KafkaSource}, read by a consumer of its own with {@code assign}
 * and {@code seek}. Its snapshot is the offset of the next record to read. Called on its worker's
 * thread only.
 *
 * @param <T> {@link KafkaSourceMessage}, or {@code Object} when unreadable records are emitted as
 *            {@link KafkaError} items
 */
final class KafkaSourcePartition<T> implements StatefulSourcePartition<T, Long> {
    private final String stepId;
    private final TopicPartition tp;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final boolean errorsAsItems;
    private final boolean tail;
    private final Duration pollTimeout;
    private final long lagIntervalNanos;
    private final ConsumerLagListener lagListener;
    /** Where this partition ends when it does not tail: the end offset when it started. */
    private final long endOffset;
    private long nextOffset;
    private long nextLagReport;
    private boolean ended;

    KafkaSourcePartition(KafkaSource source, String stepId, String forPart, Long resumeState, boolean errorsAsItems) {
        this.stepId = stepId;
        this.tp = parsePart(forPart);
        this.errorsAsItems = errorsAsItems;
        this.tail = source.tail();
        this.pollTimeout = source.pollTimeout();
        this.lagIntervalNanos = source.lagInterval().toNanos();
        this.lagListener = source.lagListener();
        this.nextLagReport = System.nanoTime() + lagIntervalNanos;
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(source.consumerProperties("waxwing-" + stepId + "-" + forPart));
        try {
            c.assign(List.of(tp));
            Duration timeout = source.timeout();
            long start = resumeState != null ? resumeState : startOffset(c, source.startingOffset(), timeout);
            c.seek(tp, start);
            this.nextOffset = start;
            this.endOffset = tail ? Long.MAX_VALUE : c.endOffsets(List.of(tp), timeout).get(tp);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            c.close(CloseOptions.timeout(Duration.ZERO));
            throw new IllegalStateException("cannot reach the Kafka brokers " + String.join(",", source.brokers())
                    + " within " + source.timeout().toMillis() + " ms to position " + tp
                    + ": check that they run and that the address is right", e);
        } catch (RuntimeException e) {
            c.close(CloseOptions.timeout(Duration.ZERO));
            throw e;
        }
        this.consumer = c;
        this.ended = !tail && nextOffset >= endOffset;
    }

    private long startOffset(KafkaConsumer<byte[], byte[]> c, StartingOffset where, Duration timeout) {
        if (where instanceof StartingOffset.Beginning) {
            return c.beginningOffsets(List.of(tp), timeout).get(tp);
        }
        if (where instanceof StartingOffset.End) {
            return c.endOffsets(List.of(tp), timeout).get(tp);
        }
        long millis = ((StartingOffset.AtTimestamp) where).time().toEpochMilli();
        Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(Map.of(tp, millis), timeout);
        OffsetAndTimestamp at = found.get(tp);
        return at != null ? at.offset() : c.endOffsets(List.of(tp), timeout).get(tp);
    }

    static TopicPartition parsePart(String part) {
        int dash = part.indexOf('-');
        if (dash <= 0 || dash == part.length() - 1) {
            throw new IllegalArgumentException("not a Kafka source partition name '" + part
                    + "': expected \"{partition}-{topic}\"");
        }
        try {
            return new TopicPartition(part.substring(dash + 1), Integer.parseInt(part.substring(0, dash)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a Kafka source partition name '" + part
                    + "': expected \"{partition}-{topic}\"", e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<T> nextBatch() {
        if (ended) {
            return null;
        }
        reportLag();
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(pollTimeout);
        } catch (OffsetOutOfRangeException e) {
            throw new IllegalStateException("offset " + nextOffset + " of Kafka topic partition " + tp
                    + " is no longer in the partition (retention deleted it while the dataflow was stopped, or the"
                    + " topic was recreated): records were lost; start without the recovery state of this step"
                    + " to read from the starting offset again", e);
        } catch (RecordDeserializationException e) {
            return (List<T>) badRecord(e.offset(), e);
        } catch (org.apache.kafka.common.errors.CorruptRecordException e) {
            return (List<T>) badRecord(nextOffset, e);
        } catch (KafkaException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.CorruptRecordException) {
                return (List<T>) badRecord(nextOffset, e);
            }
            throw new IllegalStateException("cannot read Kafka topic partition " + tp + " at offset " + nextOffset
                    + ": " + e.getMessage(), e);
        }
        List<ConsumerRecord<byte[], byte[]>> polled = records.records(tp);
        int n = polled.size();
        List<Object> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(message(polled.get(i)));
        }
        if (n > 0) {
            nextOffset = polled.get(n - 1).offset() + 1;
        }
        if (!tail && consumer.position(tp) >= endOffset) {
            // Control records of transactions may sit between the last record and the end offset:
            // the consumer's position, not the last record's offset, says the end is reached.
            nextOffset = Math.max(nextOffset, consumer.position(tp));
            ended = true;
        }
        return (List<T>) batch;
    }

    private KafkaSourceMessage message(ConsumerRecord<byte[], byte[]> r) {
        return new KafkaSourceMessage(r.key(), r.value(), r.topic(), r.partition(), r.offset(), r.timestamp(),
                headers(r.headers()));
    }

    private static List<KafkaHeader> headers(Headers headers) {
        Header[] all = headers.toArray();
        if (all.length == 0) {
            return List.of();
        }
        List<KafkaHeader> list = new ArrayList<>(all.length);
        for (Header h : all) {
            list.add(new KafkaHeader(h.key(), h.value()));
        }
        return list;
    }

    /** A record at {@code offset} that the consumer cannot give: fail, or skip it and emit an error. */
    private List<Object> badRecord(long offset, KafkaException e) {
        String what = "cannot read the record at offset " + offset + " of Kafka topic partition " + tp + ": "
                + e.getMessage();
        if (!errorsAsItems) {
            throw new IllegalStateException(what + " (read the source with KafkaOperators.input to get such records"
                    + " on an error stream instead)", e);
        }
        consumer.seek(tp, offset + 1);
        nextOffset = offset + 1;
        if (!tail && nextOffset >= endOffset) {
            ended = true;
        }
        List<Object> one = new ArrayList<>(1);
        one.add(new KafkaError(tp.topic(), tp.partition(), offset, what, null));
        return one;
    }

    private void reportLag() {
        if (lagIntervalNanos == 0 || System.nanoTime() - nextLagReport < 0) {
            return;
        }
        nextLagReport = System.nanoTime() + lagIntervalNanos;
        OptionalLong lag = consumer.currentLag(tp);
        if (lag.isPresent()) {
            lagListener.onLag(stepId, tp.topic(), tp.partition(), lag.getAsLong());
        }
    }

    @Override
    public Long snapshot() {
        return nextOffset;
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ZERO));
    }
}
