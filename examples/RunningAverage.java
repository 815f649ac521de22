import io.waxwing.connectors.stdio.StdOutSink;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.StateAndOutput;
import io.waxwing.testing.TestingSource;
import java.util.List;
import java.util.Locale;

/**
 * A keyed running aggregation: temperature readings from several sensors, and after each reading
 * the sensor's running count and mean so far.
 *
 * <p>Run it from the repository root, after {@code mvn -B install}:
 * <pre>
 * java -jar launcher/target/launcher.jar examples/RunningAverage.java
 * java -jar launcher/target/launcher.jar -w 2 --epoch-interval 0 examples/RunningAverage.java
 * </pre>
 *
 * Each sensor's state (count and sum) lives on the worker its key is routed to and is snapshotted
 * at the end of every epoch, so with {@code --recovery-dir} a restarted run continues each mean
 * where the last committed epoch left it.
 */
public class RunningAverage {
    /** One reading: which sensor, and the temperature it measured. */
    record Reading(String sensor, double celsius) {
    }

    /** A sensor's running state: how many readings, and their sum. */
    record Stats(long count, double sum) {
        Stats add(double value) {
            return new Stats(count + 1, sum + value);
        }

        double mean() {
            return sum / count;
        }
    }

    static final List<Reading> READINGS = List.of(
            new Reading("kitchen", 21.0), new Reading("garage", 9.5), new Reading("kitchen", 22.0),
            new Reading("attic", 27.0), new Reading("garage", 10.5), new Reading("kitchen", 23.5),
            new Reading("attic", 29.0), new Reading("garage", 11.0), new Reading("kitchen", 22.5),
            new Reading("attic", 28.0));

    /** The dataflow the launcher runs for {@code examples/RunningAverage.java}. */
    public static Dataflow flow() {
        Dataflow flow = new Dataflow("running_average");
        flow.input("readings", new TestingSource<Reading>(READINGS))
                .keyOn("by_sensor", Reading::sensor)
                .mapValue("celsius", Reading::celsius)
                .statefulMap("running_mean", (Stats stats, Double celsius) -> {
                    Stats updated = (stats == null ? new Stats(0, 0) : stats).add(celsius);
                    return new StateAndOutput<>(updated, updated);
                })
                .map("format", kv -> String.format(Locale.ROOT, "%s n=%d mean=%.2f", kv.key(),
                        kv.value().count(), kv.value().mean()))
                .output("out", new StdOutSink<>());
        return flow;
    }
}
