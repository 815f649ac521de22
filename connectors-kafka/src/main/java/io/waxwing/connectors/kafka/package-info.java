/**
 * Kafka as a source and a sink, on {@code kafka-clients}: {@link io.waxwing.connectors.kafka.KafkaSource}
 * (one resumable partition per topic partition, read with {@code assign} and {@code seek}, its
 * offset the snapshot), {@link io.waxwing.connectors.kafka.KafkaSink} (one producer per worker,
 * at-least-once), and {@link io.waxwing.connectors.kafka.KafkaOperators}, which splits what the
 * source reads and what user code makes of it into a stream of results and a stream of
 * {@link io.waxwing.connectors.kafka.KafkaError}s, ready for a dead-letter topic.
 *
 * <p>Depends on {@code waxwing-core} and {@code kafka-clients} only; nothing here knows Pekko or
 * the engine. Not part of {@code launcher.jar}: add {@code waxwing-connectors-kafka-all.jar} with
 * {@code -cp}.
 */
package io.waxwing.connectors.kafka;
