package io.waxwing.connectors.kafka;

import io.waxwing.inputs.StatefulSourcePartition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * One topic partition of a {@link KafkaSource}, read by a consumer of its own with {@code assign}
 * and {@code seek}. Its snapshot is the offset of the next record to read. Called on its worker's
 * thread only, and never blocks it: nothing here waits for the brokers.
 *
 * <ul>
 * <li>Building it only creates and assigns the consumer. Where it starts is found while it is
 *     polled: a snapshot is a {@code seek}; {@code beginning()} and {@code end()} are the
 *     consumer's lazy {@code seekToBeginning}/{@code seekToEnd}, resolved by its polls; a timestamp
 *     is looked up with the asynchronous {@link Admin#listOffsets}.</li>
 * <li>Every {@link #nextBatch} polls with a zero timeout: it returns what the consumer has
 *     buffered and lets the consumer send its next fetch. When nothing is buffered it says with
 *     {@link #nextAwake} when to be asked again: at once within 2 ms of its last records (a fetch
 *     is in flight), then after a quarter of the time since its last records (at least 50 µs, at
 *     most the source's {@code maxIdleWait}), so that a quiet partition costs few polls.</li>
 * <li>Not tailing, it ends at the end offset (high watermark, or last stable offset when reading
 *     committed) that its first fetch reports, right after it started.</li>
 * <li>Until it knows its position and end, a deadline of the source's {@code timeout} runs: brokers
 *     that do not answer by then fail the step with a clear message.</li>
 * </ul>
 *
 * @param <T> {@link KafkaSourceMessage}, or {@code Object} when unreadable records are emitted as
 *            {@link KafkaError} items
 */
final class KafkaSourcePartition<T> implements StatefulSourcePartition<T, Long> {
    /**
     * For this long after its last records a partition with nothing buffered asks to be polled
     * again at once: its next fetch is in flight, and a worker that sleeps instead picks the answer
     * up late (on a loaded machine, a scheduler's time slice late), with the fetch after it sent
     * only then. Measured: with it the plain loop's throughput is matched, without it halved
     * (docs/BENCHMARKS.md).
     */
    private static final long SPIN_NANOS = 2_000_000;
    /** The shortest wait after an empty poll. */
    private static final long MIN_IDLE_WAIT_NANOS = 50_000;
    /**
     * After an empty poll the partition waits this fraction (1/4) of the time since its last
     * records: a fetch in flight is picked up at most a quarter of its round trip late, and a quiet
     * partition is polled less and less often, up to maxIdleWait.
     */
    private static final int IDLE_WAIT_SHIFT = 2;

    private final KafkaSource source;
    private final String stepId;
    private final TopicPartition tp;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final boolean errorsAsItems;
    private final boolean tail;
    private final long maxIdleWaitNanos;
    private final long lagIntervalNanos;
    private final ConsumerLagListener lagListener;
    /** Until this (System.nanoTime) the position and, not tailing, the end must be known. */
    private final long positionDeadline;
    /** The asynchronous lookup of a starting timestamp's offset, while it runs. */
    private Admin admin;
    private KafkaFuture<ListOffsetsResultInfo> startLookup;
    /** Whether the consumer's position is known (a record, a fetch or a seek said so). */
    private boolean positioned;
    /** Where this partition ends when it does not tail; -1 until its first fetch tells. */
    private long endOffset = -1;
    /** The offset of the next record to read; -1 while a lazy start is unresolved. */
    private long nextOffset;
    private long nextLagReport;
    /** When this partition last gave records (System.nanoTime), or was built. */
    private long lastRecords;
    private Instant awake;
    private boolean ended;

    KafkaSourcePartition(KafkaSource source, String stepId, String forPart, Long resumeState, boolean errorsAsItems) {
        this.source = source;
        this.stepId = stepId;
        this.tp = parsePart(forPart);
        this.errorsAsItems = errorsAsItems;
        this.tail = source.tail();
        this.maxIdleWaitNanos = source.maxIdleWait().toNanos();
        this.lagIntervalNanos = source.lagInterval().toNanos();
        this.lagListener = source.lagListener();
        long now = System.nanoTime();
        this.nextLagReport = now + lagIntervalNanos;
        this.lastRecords = now;
        this.positionDeadline = now + source.timeout().toNanos();
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(source.consumerProperties("waxwing-" + stepId + "-" + forPart));
        try {
            c.assign(List.of(tp));
            if (resumeState != null) {
                c.seek(tp, resumeState);
                nextOffset = resumeState;
                positioned = true;
            } else {
                nextOffset = -1;
                StartingOffset where = source.startingOffset();
                if (where instanceof StartingOffset.Beginning) {
                    c.seekToBeginning(List.of(tp));
                } else if (where instanceof StartingOffset.End) {
                    c.seekToEnd(List.of(tp));
                } else {
                    lookUpStart(((StartingOffset.AtTimestamp) where).time().toEpochMilli());
                }
            }
        } catch (RuntimeException e) {
            c.close(CloseOptions.timeout(Duration.ZERO));
            closeAdmin();
            throw e;
        }
        this.consumer = c;
    }

    /** Starts looking up the first offset at or after {@code millis}, without waiting for it. */
    private void lookUpStart(long millis) {
        Properties p = new Properties();
        Properties consumerProps = source.consumerProperties("waxwing-" + stepId + "-" + tp + "-start");
        for (String name : AdminClientConfig.configNames()) {
            if (consumerProps.containsKey(name)) {
                p.put(name, consumerProps.get(name));
            }
        }
        admin = Admin.create(p);
        IsolationLevel isolation = IsolationLevel.valueOf(consumerProps.getProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                ConsumerConfig.DEFAULT_ISOLATION_LEVEL).toUpperCase(Locale.ROOT));
        startLookup = admin.listOffsets(Map.of(tp, OffsetSpec.forTimestamp(millis)),
                        new ListOffsetsOptions(isolation).timeoutMs((int) Math.min(Integer.MAX_VALUE, source.timeout().toMillis())))
                .partitionResult(tp);
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
        if (startLookup != null && !startFound()) {
            return idle();
        }
        reportLag();
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(Duration.ZERO);
        } catch (OffsetOutOfRangeException e) {
            throw new IllegalStateException("offset " + nextOffset + " of Kafka topic partition " + tp
                    + " is no longer in the partition (retention deleted it while the dataflow was stopped, or the"
                    + " topic was recreated): records were lost; start without the recovery state of this step"
                    + " to read from the starting offset again", e);
        } catch (org.apache.kafka.common.errors.CorruptRecordException e) {
            return (List<T>) badRecord(position(), e);
        } catch (KafkaException e) {
            if (isUnreadableRecord(e)) {
                return (List<T>) badRecord(position(), e);
            }
            throw new IllegalStateException("cannot read Kafka topic partition " + tp + " at offset " + nextOffset
                    + ": " + e.getMessage(), e);
        }
        int n = records.count();
        if (n > 0) {
            positioned = true;
        }
        if (!positioned || (!tail && endOffset < 0)) {
            learnPositionAndEnd();
        }
        List<Object> batch;
        if (n == 0) {
            batch = new ArrayList<>(0);
        } else {
            batch = new ArrayList<>(n);
            long last = -1;
            for (ConsumerRecord<byte[], byte[]> r : records) {
                batch.add(message(r));
                last = r.offset();
            }
            nextOffset = last + 1;
        }
        if (!tail && endOffset >= 0) {
            // Control records of transactions may sit between the last record and the end offset:
            // the consumer's position, not the last record's offset, says the end is reached.
            long position = consumer.position(tp);
            if (position >= endOffset) {
                nextOffset = Math.max(nextOffset, position);
                ended = true;
            }
        }
        if (n == 0 && !ended) {
            return idle();
        }
        lastRecords = System.nanoTime();
        awake = null;
        return (List<T>) batch;
    }

    /**
     * Whether the consumer failed on the record at its position, not on the partition or the
     * brokers: a batch that fails its CRC check comes as a plain {@code KafkaException} "Received
     * exception when fetching the next record from ... please seek past the record", caused by
     * one saying "Record batch ... is invalid" (or a {@code CorruptRecordException}).
     */
    private static boolean isUnreadableRecord(KafkaException e) {
        return e.getCause() instanceof org.apache.kafka.common.errors.CorruptRecordException
                || e.getClass() == KafkaException.class && e.getMessage() != null
                && e.getMessage().startsWith("Received exception when fetching the next record from");
    }

    /** Whether the starting timestamp's offset is known (and sought); fails if the lookup failed. */
    private boolean startFound() {
        if (!startLookup.isDone()) {
            return false;
        }
        long offset;
        try {
            offset = startLookup.get().offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up the starting offset of " + tp, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(cause instanceof org.apache.kafka.common.errors.TimeoutException
                    ? "cannot reach the Kafka brokers " + String.join(",", source.brokers()) + " within "
                    + source.timeout().toMillis() + " ms to find the starting offset of " + tp
                    + ": check that they run and that the address is right"
                    : "cannot find the starting offset of Kafka topic partition " + tp + ": " + cause.getMessage(),
                    cause);
        } finally {
            startLookup = startLookup.isDone() ? null : startLookup;
            closeAdmin();
        }
        if (offset >= 0) {
            consumer.seek(tp, offset);
            nextOffset = offset;
            positioned = true;
        } else {
            // No record at or after the timestamp: start at the end.
            consumer.seekToEnd(List.of(tp));
        }
        return true;
    }

    /**
     * After a poll: the position is known once the consumer has a fetch's answer for it (its lag is
     * known), and so is the end of a partition that does not tail. Fails once the deadline passes
     * without them: the brokers are not answering.
     */
    private void learnPositionAndEnd() {
        OptionalLong lag = consumer.currentLag(tp);
        if (lag.isPresent()) {
            long position = consumer.position(tp);
            if (!positioned) {
                positioned = true;
                nextOffset = position;
            }
            if (!tail && endOffset < 0) {
                endOffset = position + lag.getAsLong();
            }
        } else if (System.nanoTime() - positionDeadline > 0) {
            throw new IllegalStateException("cannot reach the Kafka brokers " + String.join(",", source.brokers())
                    + " within " + source.timeout().toMillis() + " ms to position " + tp
                    + ": check that they run and that the address is right");
        }
    }

    /** Nothing to give now: an empty batch, and when to ask again. */
    private <E> List<E> idle() {
        long quiet = System.nanoTime() - lastRecords;
        if (quiet < SPIN_NANOS) {
            awake = null;
            return new ArrayList<>(0);
        }
        long wait = Math.min(maxIdleWaitNanos, Math.max(MIN_IDLE_WAIT_NANOS, quiet >> IDLE_WAIT_SHIFT));
        awake = Instant.now().plusNanos(wait);
        return new ArrayList<>(0);
    }

    @Override
    public Instant nextAwake() {
        return awake;
    }

    /** The consumer's position, for an error at a record it cannot give (its position stays there). */
    private long position() {
        return positioned ? consumer.position(tp) : nextOffset;
    }

    private KafkaSourceMessage message(ConsumerRecord<byte[], byte[]> r) {
        Header[] headers = r.headers().toArray();
        return new KafkaSourceMessage(r.key(), r.value(), r.topic(), r.partition(), r.offset(), r.timestamp(),
                headers.length == 0 ? List.of() : headers(headers));
    }

    private static List<KafkaHeader> headers(Header[] all) {
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
        positioned = true;
        nextOffset = offset + 1;
        if (!tail && endOffset >= 0 && nextOffset >= endOffset) {
            ended = true;
        }
        lastRecords = System.nanoTime();
        awake = null;
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

    /**
     * The offset of the next record to read; {@code null} (no state: a resume starts at the
     * starting offset again) while a lazy start has not resolved, as nothing has been read.
     */
    @Override
    public Long snapshot() {
        return nextOffset < 0 ? null : nextOffset;
    }

    private void closeAdmin() {
        if (admin != null) {
            Admin a = admin;
            admin = null;
            a.close(Duration.ZERO);
        }
    }

    @Override
    public void close() {
        closeAdmin();
        consumer.close(CloseOptions.timeout(Duration.ZERO));
    }
}
