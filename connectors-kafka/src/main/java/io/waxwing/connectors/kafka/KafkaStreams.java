package io.waxwing.connectors.kafka;

import io.waxwing.dataflow.Stream;

/**
 * The two streams of {@link KafkaOperators#input} and {@link KafkaOperators#tryMap}: what could
 * be read or computed, and the records that could not, as Bytewax's {@code kop.input(...).oks}
 * and {@code .errs}.
 *
 * @param oks  the good items
 * @param errs one {@link KafkaError} per record that failed
 * @param <T>  the good items' type
 */
public record KafkaStreams<T>(Stream<T> oks, Stream<KafkaError> errs) {
}
