package io.waxwing.bench;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.outputs.DynamicSink;
import io.waxwing.run.Execution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A fused chain of stateless steps, {@code map → filter → map}, over 10 M integers: Waxwing under
 * {@code runMain} against the same three functions applied in a plain loop over the same list. The
 * dataflow's sink sums the items either from a list per batch ({@link SummingSink}) or one item at
 * a time ({@link SummingItemSink}). One operation is one whole run; the score is nanoseconds per
 * input item.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(FusedChainBenchmark.ITEMS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
// A heap touched up front: otherwise the first runs also pay for faulting in fresh eden pages,
// which made them up to three times slower on a virtual machine.
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class FusedChainBenchmark {
    static final int ITEMS = 10_000_000;
    /** Items per source batch. */
    static final int BATCH = 1024;
    /** {@code null}: the default 10-second epochs, as for a throughput job. */
    static final Duration EPOCH_INTERVAL = null;

    static final Function<Integer, Integer> TRIPLE = x -> x * 3;
    static final Predicate<Integer> EVEN = x -> x % 2 == 0;
    static final Function<Integer, Integer> INCREMENT = x -> x + 1;

    private List<Integer> numbers;
    private long expectedSum;

    @Setup(Level.Trial)
    public void generate() {
        List<Integer> list = new ArrayList<>(ITEMS);
        for (int i = 0; i < ITEMS; i++) {
            list.add(i);
        }
        numbers = List.copyOf(list);
        expectedSum = plainLoop();
    }

    @Benchmark
    public long plainLoop() {
        long sum = 0;
        for (Integer x : numbers) {
            Integer y = TRIPLE.apply(x);
            if (EVEN.test(y)) {
                sum += INCREMENT.apply(y);
            }
        }
        return sum;
    }

    /** A control: the plain loop, its results handed one at a time to the item sink's partition. */
    @Benchmark
    @SuppressWarnings("unchecked")
    public long plainLoopIntoItemSink() {
        SummingItemSink<Integer> sink = new SummingItemSink<>(Integer::longValue);
        io.waxwing.outputs.ItemSinkPartition<Integer> part =
                (io.waxwing.outputs.ItemSinkPartition<Integer>) sink.build("sum", 0, 1);
        int inBatch = 0;
        for (Integer x : numbers) {
            Integer y = TRIPLE.apply(x);
            if (EVEN.test(y)) {
                part.write(INCREMENT.apply(y));
            }
            if (++inBatch == BATCH) {
                part.endBatch();
                inBatch = 0;
            }
        }
        part.endBatch();
        return check(sink.sum());
    }

    @Benchmark
    public long waxwingRunMain() {
        SummingSink<Integer> sink = new SummingSink<>(Integer::longValue);
        run(sink);
        return check(sink.sum());
    }

    /**
     * The same dataflow, summed by a sink whose partition takes the items one at a time
     * ({@link io.waxwing.outputs.ItemSinkPartition}) instead of as a list per batch.
     */
    @Benchmark
    public long waxwingRunMainItemSink() {
        SummingItemSink<Integer> sink = new SummingItemSink<>(Integer::longValue);
        run(sink);
        return check(sink.sum());
    }

    /** The fused chain over the numbers into {@code sink}, under {@code runMain}. */
    private void run(DynamicSink<Integer> sink) {
        Dataflow flow = new Dataflow("fused_chain");
        flow.input("numbers", new SlicedListSource<>(numbers, 1, BATCH))
                .map("triple", TRIPLE)
                .filter("even", EVEN)
                .map("increment", INCREMENT)
                .output("sum", sink);
        Execution.runMain(flow, EPOCH_INTERVAL, null);
    }

    private long check(long sum) {
        if (sum != expectedSum) {
            throw new IllegalStateException("the dataflow summed to " + sum + ", the plain loop to " + expectedSum);
        }
        return sum;
    }
}
