package io.waxwing.connectors.kafka;

import io.waxwing.inputs.StatefulSourcePartition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;

/**
 * One topic partition of a {@link KafkaSource}. Its consumer ({@code assign} and {@code seek}, no
 * group) lives on a fetch thread of its own, which does everything that waits for the brokers —
 * finding where the partition starts and, not tailing, ends, and polling — and hands the worker
 * batches of messages through a small queue. The worker's {@link #nextBatch} only takes from that
 * queue, so it never blocks: with nothing queued it returns an empty batch and says with
 * {@link #nextAwake} when to look again (a quarter of the time since the last batch, from 50 µs up
 * to the source's {@code maxIdleWait}). The queue holds at most {@value #QUEUED_BATCHES} batches:
 * while the worker catches up, the fetch thread waits, and so does its consumer.
 *
 * <p>Its snapshot is the offset after the last record the worker has taken, which every batch
 * carries; records fetched but still queued are read again after a resume.
 *
 * @param <T> {@link KafkaSourceMessage}, or {@code Object} when unreadable records are emitted as
 *            {@link KafkaError} items
 */
final class KafkaSourcePartition<T> implements StatefulSourcePartition<T, Long> {
    /** Batches the fetch thread may have ready before it waits for the worker. */
    static final int QUEUED_BATCHES = 4;
    /** How long the fetch thread's consumer waits for records per poll (it can be woken). */
    private static final Duration FETCH_POLL = Duration.ofMillis(100);
    /** The shortest wait after finding nothing queued. */
    private static final long MIN_IDLE_WAIT_NANOS = 50_000;
    /** After finding nothing queued, wait this fraction (1/4) of the time since the last batch. */
    private static final int IDLE_WAIT_SHIFT = 2;

    /** What the fetch thread hands over: records (and where the next one is), the end, or a failure. */
    private sealed interface Handover {
    }

    private record Batch(List<Object> items, long nextOffset, OptionalLong lag) implements Handover {
    }

    private record End(long nextOffset) implements Handover {
    }

    private record Failed(RuntimeException error) implements Handover {
    }

    private final String stepId;
    private final TopicPartition tp;
    private final long maxIdleWaitNanos;
    private final long lagIntervalNanos;
    private final ConsumerLagListener lagListener;
    private final BlockingQueue<Handover> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private final Fetcher fetcher;
    private final Thread fetchThread;
    // The worker's own state.
    /** The offset of the next record to read; -1 until the first batch says (nothing read yet). */
    private long nextOffset;
    private long nextLagReport;
    private OptionalLong lastLag = OptionalLong.empty();
    /** When the last batch was taken (System.nanoTime), or the partition built. */
    private long lastBatch;
    private Instant awake;
    private boolean ended;

    KafkaSourcePartition(KafkaSource source, String stepId, String forPart, Long resumeState, boolean errorsAsItems) {
        this.stepId = stepId;
        this.tp = parsePart(forPart);
        this.maxIdleWaitNanos = source.maxIdleWait().toNanos();
        this.lagIntervalNanos = source.lagInterval().toNanos();
        this.lagListener = source.lagListener();
        long now = System.nanoTime();
        this.nextLagReport = now + lagIntervalNanos;
        this.lastBatch = now;
        this.nextOffset = resumeState != null ? resumeState : -1;
        this.fetcher = new Fetcher(source, stepId + "-" + forPart, tp, resumeState, errorsAsItems, queue);
        this.fetchThread = new Thread(fetcher, "waxwing-kafka-" + stepId + "-" + forPart);
        fetchThread.setDaemon(true);
        fetchThread.start();
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
        Handover next = queue.poll();
        if (next == null) {
            long quiet = System.nanoTime() - lastBatch;
            long wait = Math.min(maxIdleWaitNanos, Math.max(MIN_IDLE_WAIT_NANOS, quiet >> IDLE_WAIT_SHIFT));
            awake = Instant.now().plusNanos(wait);
            return List.of();
        }
        lastBatch = System.nanoTime();
        awake = null;
        if (next instanceof Batch b) {
            nextOffset = b.nextOffset();
            if (b.lag().isPresent()) {
                lastLag = b.lag();
            }
            return (List<T>) b.items();
        }
        if (next instanceof End e) {
            if (e.nextOffset() >= 0) {
                nextOffset = e.nextOffset();
            }
            ended = true;
            return null;
        }
        throw ((Failed) next).error();
    }

    @Override
    public Instant nextAwake() {
        return awake;
    }

    private void reportLag() {
        if (lagIntervalNanos == 0 || System.nanoTime() - nextLagReport < 0) {
            return;
        }
        nextLagReport = System.nanoTime() + lagIntervalNanos;
        if (lastLag.isPresent()) {
            lagListener.onLag(stepId, tp.topic(), tp.partition(), lastLag.getAsLong());
        }
    }

    /**
     * The offset of the next record to read; {@code null} (no state: a resume starts at the
     * starting offset again) before the first batch of a partition without a snapshot, as nothing
     * has been read.
     */
    @Override
    public Long snapshot() {
        return nextOffset < 0 ? null : nextOffset;
    }

    /** Stops the fetch thread without waiting for it: it closes its consumer as it ends. */
    @Override
    public void close() {
        fetcher.stop();
        fetchThread.interrupt();
    }

    /** The fetch thread: owns the consumer, never touched by the worker. */
    private static final class Fetcher implements Runnable {
        private final KafkaSource source;
        private final String clientSuffix;
        private final TopicPartition tp;
        private final Long resumeState;
        private final boolean errorsAsItems;
        private final BlockingQueue<Handover> queue;
        private volatile boolean stopped;
        private volatile KafkaConsumer<byte[], byte[]> consumer;

        Fetcher(KafkaSource source, String clientSuffix, TopicPartition tp, Long resumeState, boolean errorsAsItems,
                BlockingQueue<Handover> queue) {
            this.source = source;
            this.clientSuffix = clientSuffix;
            this.tp = tp;
            this.resumeState = resumeState;
            this.errorsAsItems = errorsAsItems;
            this.queue = queue;
        }

        void stop() {
            stopped = true;
            KafkaConsumer<byte[], byte[]> c = consumer;
            if (c != null) {
                c.wakeup();
            }
        }

        @Override
        public void run() {
            KafkaConsumer<byte[], byte[]> c;
            try {
                c = new KafkaConsumer<>(source.consumerProperties("waxwing-" + clientSuffix));
            } catch (RuntimeException e) {
                handOver(new Failed(e));
                return;
            }
            consumer = c;
            try {
                if (!stopped) {
                    fetch(c);
                }
            } catch (WakeupException | InterruptException e) {
                // Stopped by the worker's close().
            } catch (RuntimeException e) {
                handOver(new Failed(e));
            } finally {
                try {
                    c.close(CloseOptions.timeout(Duration.ZERO));
                } catch (RuntimeException e) {
                    // Interrupted by the worker's close() while closing: nothing is left to do.
                }
            }
        }

        private void handOver(Handover h) {
            try {
                while (!stopped && !queue.offer(h, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    // The worker is behind (or gone: stopped ends this).
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void fetch(KafkaConsumer<byte[], byte[]> c) {
            Duration timeout = source.timeout();
            long next;
            long end;
            try {
                c.assign(List.of(tp));
                next = resumeState != null ? resumeState : startOffset(c, source.startingOffset(), timeout);
                c.seek(tp, next);
                end = source.tail() ? Long.MAX_VALUE : c.endOffsets(List.of(tp), timeout).get(tp);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw new IllegalStateException("cannot reach the Kafka brokers " + String.join(",", source.brokers())
                        + " within " + timeout.toMillis() + " ms to position " + tp
                        + ": check that they run and that the address is right", e);
            }
            if (next >= end) {
                handOver(new End(next));
                return;
            }
            while (!stopped) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = c.poll(FETCH_POLL);
                } catch (OffsetOutOfRangeException e) {
                    throw new IllegalStateException("offset " + next + " of Kafka topic partition " + tp
                            + " is no longer in the partition (retention deleted it while the dataflow was stopped, or"
                            + " the topic was recreated): records were lost; start without the recovery state of this"
                            + " step to read from the starting offset again", e);
                } catch (org.apache.kafka.common.errors.CorruptRecordException e) {
                    next = badRecord(c, c.position(tp), e);
                    if (next >= end) {
                        handOver(new End(next));
                        return;
                    }
                    continue;
                } catch (WakeupException | InterruptException e) {
                    throw e;
                } catch (KafkaException e) {
                    if (isUnreadableRecord(e)) {
                        next = badRecord(c, c.position(tp), e);
                        if (next >= end) {
                            handOver(new End(next));
                            return;
                        }
                        continue;
                    }
                    throw new IllegalStateException("cannot read Kafka topic partition " + tp + " at offset " + next
                            + ": " + e.getMessage(), e);
                }
                int n = records.count();
                if (n > 0) {
                    // The consumer has this one partition: its records are one list, read by index.
                    List<ConsumerRecord<byte[], byte[]>> polled = records.records(tp);
                    List<Object> items = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        items.add(message(polled.get(i)));
                    }
                    next = polled.get(n - 1).offset() + 1;
                    handOver(new Batch(items, next, c.currentLag(tp)));
                }
                if (end != Long.MAX_VALUE) {
                    // Control records of transactions may sit between the last record and the end
                    // offset: the consumer's position, not the last record's offset, says the end is reached.
                    long position = c.position(tp);
                    if (position >= end) {
                        handOver(new End(Math.max(next, position)));
                        return;
                    }
                }
            }
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

        /** A record at {@code offset} that the consumer cannot give: fail, or skip it and hand over an error. */
        private long badRecord(KafkaConsumer<byte[], byte[]> c, long offset, KafkaException e) {
            String what = "cannot read the record at offset " + offset + " of Kafka topic partition " + tp + ": "
                    + e.getMessage();
            if (!errorsAsItems) {
                throw new IllegalStateException(what + " (read the source with KafkaOperators.input to get such records"
                        + " on an error stream instead)", e);
            }
            c.seek(tp, offset + 1);
            List<Object> one = new ArrayList<>(1);
            one.add(new KafkaError(tp.topic(), tp.partition(), offset, what, null));
            handOver(new Batch(one, offset + 1, OptionalLong.empty()));
            return offset + 1;
        }
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

    private static KafkaSourceMessage message(ConsumerRecord<byte[], byte[]> r) {
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
}
