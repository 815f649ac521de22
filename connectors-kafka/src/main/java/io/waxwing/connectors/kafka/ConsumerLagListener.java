package io.waxwing.connectors.kafka;

/**
 * Told the consumer lag of each {@link KafkaSource} partition, every
 * {@link KafkaSource.Builder#lagInterval lag interval}, on the worker thread that reads the
 * partition (so it must not block). The default logs one line per partition at INFO; a metrics
 * registry can take its place, e.g. as a gauge {@code waxwing_kafka_consumer_lag{step_id,topic,partition}}.
 */
@FunctionalInterface
public interface ConsumerLagListener {

    /**
     * @param stepId    the full id of the input step
     * @param topic     the topic
     * @param partition the topic partition
     * @param lag       records between the partition's end (as of the last fetch) and the next
     *                  offset to read
     */
    void onLag(String stepId, String topic, int partition, long lag);
}
