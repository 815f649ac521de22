package io.waxwing.bench;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.run.Execution;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an execution costs beyond its work in a fresh JVM: a dataflow of one item ({@code input →
 * map → output}) run once per fork, with no warm-up, by {@code runMain} (one worker on the calling
 * thread, no actor system) and by {@code cliMain(flow, 2)} (two workers in this process on a local
 * actor system). The score is the time of that first run — reading the configuration, logging's
 * and the metrics' set-up, the actor system's start and stop, and loading every class on the way
 * — and the difference between the two is what the actor runtime adds to a small job.
 *
 * <p>Each fork is one sample: use many ({@code -f 20}). {@code -wi 3 -i 5} instead measures warm
 * runs, where class loading is done and what remains is the runtime's own work and waits.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(10)
public class StartupBenchmark {

    private static Dataflow oneItem(List<Integer> out) {
        Dataflow flow = new Dataflow("startup");
        flow.input("in", new TestingSource<Integer>(List.of(41)))
                .map("plus_one", (Integer x) -> x + 1)
                .output("out", new TestingSink<>(out));
        return flow;
    }

    private static List<Integer> check(List<Integer> out) {
        if (!out.equals(List.of(42))) {
            throw new IllegalStateException("the one-item dataflow wrote " + out + " instead of [42]");
        }
        return out;
    }

    @Benchmark
    public List<Integer> runMain() {
        List<Integer> out = new ArrayList<>();
        Execution.runMain(oneItem(out));
        return check(out);
    }

    @Benchmark
    public List<Integer> cliMainTwoWorkers() {
        List<Integer> out = new ArrayList<>();
        Execution.cliMain(oneItem(out), 2);
        return check(out);
    }
}
