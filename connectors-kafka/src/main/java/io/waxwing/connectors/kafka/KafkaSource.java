package io.waxwing.connectors.kafka;

import io.waxwing.inputs.FixedPartitionedSource;
import io.waxwing.inputs.StatefulSourcePartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Kafka topics: a fixed-partitioned, resumable source with one partition per topic
 * partition, named {@code "{partition}-{topic}"} as in Bytewax. Each partition has a consumer of
 * its own that it {@code assign}s and {@code seek}s (no consumer group, no offsets committed to
 * Kafka): its snapshot is the offset of the next record to read, so a resumed execution continues
 * exactly after the last committed epoch, and every record is counted once in the state.
 *
 * <pre>{@code
 * KafkaSource source = KafkaSource.builder()
 *         .brokers("localhost:9092")
 *         .topics("lines")
 *         .startingOffset(StartingOffset.beginning())
 *         .tail(false)
 *         .build();
 * flow.input("in", source).map("text", KafkaSourceMessage::valueString) ...
 * }</pre>
 *
 * <p><b>Errors.</b> A record the consumer cannot read (in a batch that fails its CRC check)
 * fails the step with a message naming its topic, partition and offset;
 * read the source with {@link KafkaOperators#input} to get such records on an error stream
 * instead. An offset no longer in the partition (deleted by retention while the dataflow was
 * stopped), a topic that does not exist, or brokers that cannot be reached within
 * {@link Builder#timeout} always fail the step.
 *
 * <p><b>No blocking.</b> Partitions are listed by a thread that {@link Builder#build} starts.
 * Each partition's consumer lives on a fetch thread of its own that does all the waiting for the
 * brokers and hands batches to the worker through a queue of a few batches; the worker only takes
 * from it, and when it is empty asks the engine with {@code nextAwake} to come back later (see
 * {@link Builder#maxIdleWait}).
 *
 * <p><b>Lag.</b> Every {@link Builder#lagInterval lag interval} each partition reports its
 * consumer lag (records between its position and the end of the partition as of its last fetch)
 * to a {@link ConsumerLagListener}; the default logs a line at INFO.
 */
public final class KafkaSource implements FixedPartitionedSource<KafkaSourceMessage, Long> {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSource.class);

    /** The default {@link ConsumerLagListener}: one INFO line per partition. */
    static final ConsumerLagListener LOG_LAG = (stepId, topic, partition, lag) ->
            LOG.info("step '{}': consumer lag of {}/{} is {} records", stepId, topic, partition, lag);

    private final List<String> brokers;
    private final List<String> topics;
    private final boolean tail;
    private final StartingOffset startingOffset;
    private final int batchSize;
    private final Map<String, String> properties;
    private final Duration timeout;
    private final Duration maxIdleWait;
    private final Duration lagInterval;
    private final ConsumerLagListener lagListener;
    /** The partitions, listed by a thread of their own from {@link Builder#build}. */
    private final CompletableFuture<List<String>> parts = new CompletableFuture<>();

    private KafkaSource(Builder b) {
        this.brokers = List.copyOf(b.brokers);
        this.topics = List.copyOf(b.topics);
        this.tail = b.tail;
        this.startingOffset = b.startingOffset;
        this.batchSize = b.batchSize;
        this.properties = Map.copyOf(b.properties);
        this.timeout = b.timeout;
        this.maxIdleWait = b.maxIdleWait;
        this.lagInterval = b.lagInterval;
        this.lagListener = b.lagListener;
    }

    /** Starts describing a source; {@link Builder#brokers} and {@link Builder#topics} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Every partition of every topic, {@code "{partition}-{topic}"}, in topic order then partition
     * order. The brokers are asked once, by a daemon thread that {@link Builder#build} starts, so
     * that the answer is usually there before the workers start and ask for it; a worker that
     * asks earlier waits for the rest of it (bounded by {@link Builder#timeout}).
     *
     * @throws IllegalStateException if a topic does not exist or the brokers cannot be reached
     */
    @Override
    public List<String> listParts() {
        try {
            return parts.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    /** Lists the partitions on a daemon thread of its own, into {@link #parts}. */
    private void startListing() {
        Thread lister = new Thread(() -> {
            try {
                parts.complete(fetchParts());
            } catch (RuntimeException | Error e) {
                parts.completeExceptionally(e);
            }
        }, "waxwing-kafka-list-" + String.join(",", topics));
        lister.setDaemon(true);
        lister.start();
    }

    private List<String> fetchParts() {
        List<String> names = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties("waxwing-list-parts"))) {
            for (String topic : topics) {
                List<PartitionInfo> infos;
                try {
                    infos = consumer.partitionsFor(topic, timeout);
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    throw new IllegalStateException("cannot reach the Kafka brokers " + String.join(",", brokers)
                            + " within " + timeout.toMillis() + " ms to list the partitions of topic '" + topic
                            + "': check that they run and that the address is right", e);
                } catch (KafkaException e) {
                    throw new IllegalStateException("cannot list the partitions of Kafka topic '" + topic + "' on "
                            + String.join(",", brokers) + ": " + e.getMessage(), e);
                }
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalStateException("Kafka topic '" + topic + "' does not exist on "
                            + String.join(",", brokers) + ": create it before starting the dataflow");
                }
                infos.stream().map(PartitionInfo::partition).sorted(Comparator.naturalOrder())
                        .forEach(p -> names.add(p + "-" + topic));
            }
        }
        return List.copyOf(names);
    }

    @Override
    public StatefulSourcePartition<KafkaSourceMessage, Long> buildPart(String stepId, String forPart, Long resumeState) {
        return new KafkaSourcePartition<>(this, stepId, forPart, resumeState, false);
    }

    /** The same source, but with unreadable records as {@link KafkaError} items; see {@link KafkaOperators#input}. */
    FixedPartitionedSource<Object, Long> withErrorsAsItems() {
        KafkaSource self = this;
        return new FixedPartitionedSource<>() {
            @Override
            public List<String> listParts() {
                return self.listParts();
            }

            @Override
            public StatefulSourcePartition<Object, Long> buildPart(String stepId, String forPart, Long resumeState) {
                return new KafkaSourcePartition<>(self, stepId, forPart, resumeState, true);
            }
        };
    }

    Properties consumerProperties(String clientId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", brokers));
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(batchSize));
        p.putAll(properties);
        // Positions are Waxwing's snapshots: nothing is committed to Kafka, no group is joined,
        // and a position that is gone must fail rather than silently skip or repeat records.
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    List<String> brokers() {
        return brokers;
    }

    boolean tail() {
        return tail;
    }

    StartingOffset startingOffset() {
        return startingOffset;
    }

    Duration timeout() {
        return timeout;
    }

    Duration maxIdleWait() {
        return maxIdleWait;
    }

    Duration lagInterval() {
        return lagInterval;
    }

    ConsumerLagListener lagListener() {
        return lagListener;
    }

    @Override
    public String toString() {
        return "KafkaSource" + topics + "@" + String.join(",", brokers);
    }

    /** Describes a {@link KafkaSource}. */
    public static final class Builder {
        private final List<String> brokers = new ArrayList<>();
        private final List<String> topics = new ArrayList<>();
        private boolean tail = true;
        private StartingOffset startingOffset = StartingOffset.beginning();
        private int batchSize = 1000;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private Duration timeout = Duration.ofSeconds(30);
        private Duration maxIdleWait = Duration.ofMillis(100);
        private Duration lagInterval = Duration.ofSeconds(60);
        private ConsumerLagListener lagListener = LOG_LAG;

        private Builder() {
        }

        /** The bootstrap brokers, {@code host:port} each (required). */
        public Builder brokers(String... hostPorts) {
            return brokers(List.of(hostPorts));
        }

        /** The bootstrap brokers, {@code host:port} each (required). */
        public Builder brokers(List<String> hostPorts) {
            brokers.addAll(hostPorts);
            return this;
        }

        /** The topics to read, every partition of each (required). */
        public Builder topics(String... names) {
            return topics(List.of(names));
        }

        /** The topics to read, every partition of each (required). */
        public Builder topics(List<String> names) {
            topics.addAll(names);
            return this;
        }

        /**
         * {@code true} (the default): keep polling at the end of a partition, for ever.
         * {@code false}: a partition ends at the end offset it had when it started, and the
         * dataflow completes once every partition has ended.
         */
        public Builder tail(boolean keepPolling) {
            this.tail = keepPolling;
            return this;
        }

        /** Where a partition starts without a snapshot; default {@link StartingOffset#beginning()}. */
        public Builder startingOffset(StartingOffset where) {
            this.startingOffset = Objects.requireNonNull(where, "startingOffset");
            return this;
        }

        /** At most this many records per batch ({@code max.poll.records}); default 1000. */
        public Builder batchSize(int records) {
            if (records < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1, got " + records);
            }
            this.batchSize = records;
            return this;
        }

        /**
         * An extra consumer property ({@code security.protocol}, {@code sasl.jaas.config},
         * {@code fetch.max.bytes}, {@code isolation.level}, ...). The connector's own settings —
         * byte-array deserializers, no auto commit, {@code auto.offset.reset=none} — always win.
         */
        public Builder property(String name, String value) {
            properties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Extra consumer properties, as {@link #property}. */
        public Builder properties(Map<String, String> more) {
            more.forEach(this::property);
            return this;
        }

        /**
         * How long to wait for the brokers when listing partitions and finding where each starts
         * (and, not tailing, ends); default 30 s. Brokers that do not answer by then fail the step.
         * The waiting is done by the lister and fetch threads, never by a worker.
         */
        public Builder timeout(Duration wait) {
            this.timeout = positive(wait, "timeout");
            return this;
        }

        /**
         * The longest the worker waits before looking again at a partition whose fetch thread
         * had no records for it; default 100 ms. It looks again after a quarter of the time since
         * the partition's last batch, at least 50 µs and at most this: this bounds how late the
         * first records after a quiet spell are read.
         */
        public Builder maxIdleWait(Duration wait) {
            this.maxIdleWait = positive(wait, "maxIdleWait");
            return this;
        }

        /** How often each partition reports its consumer lag; default 60 s; {@code Duration.ZERO} turns it off. */
        public Builder lagInterval(Duration every) {
            if (every.isNegative()) {
                throw new IllegalArgumentException("lagInterval cannot be negative, got " + every);
            }
            this.lagInterval = every;
            return this;
        }

        /** Who is told the consumer lag; default a log line at INFO per partition. */
        public Builder lagListener(ConsumerLagListener listener) {
            this.lagListener = Objects.requireNonNull(listener, "lagListener");
            return this;
        }

        /** The source. */
        public KafkaSource build() {
            if (brokers.isEmpty()) {
                throw new IllegalArgumentException("a KafkaSource needs at least one broker: call brokers(\"host:port\")");
            }
            if (topics.isEmpty()) {
                throw new IllegalArgumentException("a KafkaSource needs at least one topic: call topics(\"name\")");
            }
            KafkaSource source = new KafkaSource(this);
            source.startListing();
            return source;
        }

        private static Duration positive(Duration d, String what) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
