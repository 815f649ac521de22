import io.waxwing.connectors.files.FileSource;
import io.waxwing.connectors.stdio.StdOutSink;
import io.waxwing.dataflow.Dataflow;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Counts the words of a text file and prints one {@code word count} line per distinct word.
 *
 * <p>Run it from the repository root, after {@code mvn -B install}:
 * <pre>
 * java -jar launcher/target/launcher.jar examples/WordCount.java
 * java -jar launcher/target/launcher.jar -w 2 examples/WordCount.java
 * java -jar launcher/target/launcher.jar 'examples/WordCount.java:count("path/to/any.txt")'
 * </pre>
 *
 * The words are routed to workers by key, so with {@code -w 2} each worker counts about half of
 * them; the counts are the same. The file source is resumable (its snapshot is a byte offset), so
 * with {@code --recovery-dir} a restarted run continues where the last committed epoch ended.
 */
public class WordCount {
    /** The text counted by default, relative to the repository root. */
    static final String TEXT = "examples/data/tale-of-two-cities.txt";

    private static final Pattern NOT_A_LETTER = Pattern.compile("[^\\p{L}']+");

    /** The dataflow the launcher runs for {@code examples/WordCount.java}: counts {@link #TEXT}. */
    public static Dataflow flow() {
        return count(TEXT);
    }

    /** Counts the words of {@code file}. */
    public static Dataflow count(String file) {
        Dataflow flow = new Dataflow("word_count");
        flow.input("lines", new FileSource(Path.of(file)))
                .flatMap("words", line -> Arrays.asList(NOT_A_LETTER.split(line.toLowerCase(Locale.ROOT))))
                .filter("non_empty", word -> !word.isEmpty())
                .keyOn("key", word -> word)
                .countFinal("count")
                .map("format", kv -> kv.key() + " " + kv.value())
                .output("out", new StdOutSink<>());
        return flow;
    }
}
