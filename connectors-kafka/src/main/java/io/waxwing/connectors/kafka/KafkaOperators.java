package io.waxwing.connectors.kafka;

import io.waxwing.dataflow.BranchOut;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.Stream;
import java.util.Objects;
import java.util.function.Function;

/**
 * Kafka steps that keep bad records apart instead of failing the dataflow, as Bytewax's
 * {@code bytewax.connectors.kafka.operators}: each returns {@link KafkaStreams} whose
 * {@code errs} can be written to a dead-letter topic.
 *
 * <pre>{@code
 * KafkaStreams<KafkaSourceMessage> in = KafkaOperators.input(flow, "in", source);
 * KafkaStreams<Integer> nums = KafkaOperators.tryMap("parse", in.oks(), m -> Integer.parseInt(m.valueString()));
 * in.errs().merge("all_errs", nums.errs())
 *         .map("dlq", e -> e.toSinkMessage("dead-letters"))
 *         .output("dlq_out", KafkaSink.builder().brokers(brokers).build());
 * }</pre>
 */
public final class KafkaOperators {

    private KafkaOperators() {
    }

    /**
     * Reads {@code source} in step {@code stepId}: records the consumer cannot read (in a batch
     * that fails its CRC check) are skipped and go to
     * {@code errs} instead of failing the step. Errors that are not about one record (brokers
     * unreachable, a missing topic, an offset deleted by retention) still fail it. Adds the steps
     * {@code stepId}, {@code stepId + "_split"} and {@code stepId + "_errs"}.
     */
    public static KafkaStreams<KafkaSourceMessage> input(Dataflow flow, String stepId, KafkaSource source) {
        Objects.requireNonNull(source, "source");
        Stream<Object> all = flow.input(stepId, source.withErrorsAsItems());
        BranchOut<KafkaSourceMessage, Object> split = all.branch(stepId + "_split", KafkaSourceMessage.class);
        Stream<KafkaError> errs = split.falses().map(stepId + "_errs", item -> (KafkaError) item);
        return new KafkaStreams<>(split.trues(), errs);
    }

    /**
     * Applies {@code mapper} to each message; a message for which it throws a
     * {@link RuntimeException} becomes a {@link KafkaError} on {@code errs} (with the exception's
     * class and message) and the dataflow goes on. Adds the steps {@code stepId},
     * {@code stepId + "_split"} and {@code stepId + "_oks"}. Stateless: nothing to recover.
     *
     * <pre>{@code KafkaStreams<Map<String, Object>> json = KafkaOperators.tryMap("json", in.oks(), m -> (Map<String, Object>) m.valueJson());}</pre>
     */
    public static <T> KafkaStreams<T> tryMap(String stepId, Stream<KafkaSourceMessage> messages,
                                             Function<? super KafkaSourceMessage, ? extends T> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        Stream<Object> tried = messages.map(stepId, message -> {
            try {
                return new Ok(mapper.apply(message));
            } catch (RuntimeException e) {
                return KafkaError.of(message, e);
            }
        });
        BranchOut<KafkaError, Object> split = tried.branch(stepId + "_split", KafkaError.class);
        @SuppressWarnings("unchecked")
        Stream<T> oks = split.falses().map(stepId + "_oks", item -> (T) ((Ok) item).value());
        return new KafkaStreams<>(oks, split.trues());
    }

    /** A mapper's result, told apart from a {@link KafkaError} even when it is {@code null}. */
    private record Ok(Object value) {
    }
}
