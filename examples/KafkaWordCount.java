import io.waxwing.connectors.kafka.KafkaOperators;
import io.waxwing.connectors.kafka.KafkaSink;
import io.waxwing.connectors.kafka.KafkaSinkMessage;
import io.waxwing.connectors.kafka.KafkaSource;
import io.waxwing.connectors.kafka.KafkaSourceMessage;
import io.waxwing.connectors.kafka.KafkaStreams;
import io.waxwing.dataflow.Dataflow;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Counts the words of the lines in a Kafka topic and writes one message per distinct word to
 * another topic: key the word, value its count. Records the source cannot read go to a
 * dead-letter topic instead of stopping the dataflow.
 *
 * <p>Kafka is not inside launcher.jar: add the connector's jar with {@code -cp}. From the
 * repository root, after {@code mvn -B package -DskipTests}, with a broker on 127.0.0.1:9092 and the
 * topics {@code lines}, {@code word-counts} and {@code lines-dead-letters}:
 * <pre>
 * java -jar launcher/target/launcher.jar -cp connectors-kafka/target/waxwing-connectors-kafka-all.jar \
 *     examples/KafkaWordCount.java
 * java -jar launcher/target/launcher.jar -cp connectors-kafka/target/waxwing-connectors-kafka-all.jar -w 2 \
 *     'examples/KafkaWordCount.java:count("127.0.0.1:9092", "lines", "word-counts")'
 * </pre>
 *
 * It reads every partition of the input topic up to the end it has when the run starts, then
 * stops. With {@code --recovery-dir} a restarted run continues after the last committed epoch: the
 * counts stay exact, and only the counts of the epochs after that commit may be written again.
 */
public class KafkaWordCount {
    private static final Pattern NOT_A_LETTER = Pattern.compile("[^\\p{L}']+");

    /** Counts {@code lines} on 127.0.0.1:9092 into {@code word-counts}. */
    public static Dataflow flow() {
        return count("127.0.0.1:9092", "lines", "word-counts");
    }

    /** Counts the words of topic {@code in} into topic {@code out}; unreadable records go to {@code in-dead-letters}. */
    public static Dataflow count(String brokers, String in, String out) {
        Dataflow flow = new Dataflow("kafka_word_count");
        KafkaStreams<KafkaSourceMessage> lines = KafkaOperators.input(flow, "lines",
                KafkaSource.builder().brokers(brokers).topics(in).tail(false).build());
        lines.errs()
                .map("dead_letter", e -> e.toSinkMessage(in + "-dead-letters"))
                .output("dead_letters", KafkaSink.builder().brokers(brokers).build());
        lines.oks()
                .flatMap("words", m -> Arrays.asList(NOT_A_LETTER.split(m.valueString().toLowerCase(Locale.ROOT))))
                .filter("non_empty", word -> !word.isEmpty())
                .keyOn("key", word -> word)
                .countFinal("count")
                .map("message", kv -> KafkaSinkMessage.of(kv.key(), Long.toString(kv.value())))
                .output("counts", KafkaSink.builder().brokers(brokers).topic(out).build());
        return flow;
    }
}
