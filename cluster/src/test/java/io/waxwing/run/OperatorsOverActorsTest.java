package io.waxwing.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.BranchOut;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.KeyedStream;
import io.waxwing.dataflow.StateAndOutput;
import io.waxwing.operators.Joined;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import io.waxwing.windowing.EventClock;
import io.waxwing.windowing.TumblingWindower;
import io.waxwing.windowing.Windowed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operators core tests on its engine kit, run here through the real entry points — worker
 * actors exchanging batches, barriers and credits by message, within one process and between two
 * processes over Artery — so that every kind of exchange point (keyed state, a join's merged
 * sides, a window, {@code redistribute}, a merge of branches) crosses the actor runtime.
 */
@Timeout(120)
class OperatorsOverActorsTest {
    private static final Instant ALIGN = Instant.parse("2024-01-01T00:00:00Z");

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#withProcesses")
    void keyedStateSeesEveryValueOfItsKeyWhicheverWorkerReadIt(EntryPoint ep) {
        List<Integer> items = IntStream.rangeClosed(1, 2000).boxed().toList();
        List<KV<Integer>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("sums");
        flow.input("inp", new TestingSource<Integer>(items, 50))
                .keyOn("mod", x -> "k" + x % 7)
                .statefulMap("sum", (Integer sum, Integer x) -> {
                    int s = (sum == null ? 0 : sum) + x;
                    return new StateAndOutput<>(s, s);
                })
                .output("out", new TestingSink<>(out));
        ep.run(flow);
        Map<String, Integer> last = new TreeMap<>();
        out.forEach(kv -> last.merge(kv.key(), kv.value(), Math::max));
        Map<String, Integer> expected = new TreeMap<>();
        items.forEach(x -> expected.merge("k" + x % 7, x, Integer::sum));
        assertEquals(expected, last);
        assertEquals(items.size(), out.size());
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#withProcesses")
    void aJoinMatchesValuesOfTwoInputsByKey(EntryPoint ep) {
        List<KV<Joined<String, Integer>>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("join");
        KeyedStream<String> names = flow.input("names", new TestingSource<String>(List.of("1:ann", "2:bob", "3:cy")))
                .keyOn("name_id", s -> s.split(":")[0])
                .mapValue("name", s -> s.split(":")[1]);
        KeyedStream<Integer> ages = flow.input("ages", new TestingSource<String>(List.of("3:33", "1:11", "2:22")))
                .keyOn("age_id", s -> s.split(":")[0])
                .mapValue("age", s -> Integer.parseInt(s.split(":")[1]));
        names.join("join", ages).output("out", new TestingSink<>(out));
        ep.run(flow);
        out.sort(Comparator.comparing(KV::key));
        assertEquals(List.of(KV.of("1", new Joined<>("ann", 11)), KV.of("2", new Joined<>("bob", 22)),
                KV.of("3", new Joined<>("cy", 33))), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#withProcesses")
    void aTumblingWindowCountsEachKeysValuesPerWindow(EntryPoint ep) {
        List<Integer> seconds = List.of(0, 3, 9, 10, 11, 25, 1, 14);
        List<KV<Windowed<Long>>> out = new ArrayList<>();
        Dataflow flow = new Dataflow("windows");
        flow.input("inp", new TestingSource<Integer>(seconds))
                .keyOn("parity", s -> s % 2 == 0 ? "even" : "odd")
                .countWindow("count", new EventClock<Integer>(s -> ALIGN.plusSeconds(s), Duration.ofMinutes(1)),
                        new TumblingWindower(Duration.ofSeconds(10), ALIGN))
                .down()
                .output("out", new TestingSink<>(out));
        ep.run(flow);
        out.sort(Comparator.comparing((KV<Windowed<Long>> kv) -> kv.key())
                .thenComparingLong(kv -> kv.value().windowId()));
        assertEquals(List.of(
                KV.of("even", new Windowed<>(0, 1L)), KV.of("even", new Windowed<>(1, 2L)),
                KV.of("odd", new Windowed<>(0, 3L)), KV.of("odd", new Windowed<>(1, 1L)),
                KV.of("odd", new Windowed<>(2, 1L))), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#withProcesses")
    void redistributedBranchesMergeBackIntoEveryItemOnce(EntryPoint ep) {
        List<Integer> items = IntStream.range(0, 500).boxed().toList();
        List<Integer> out = new ArrayList<>();
        Dataflow flow = new Dataflow("spread");
        BranchOut<Integer, Integer> parts = flow.input("inp", new TestingSource<Integer>(items, 20))
                .redistribute("spread")
                .branch("small", x -> x < 250);
        parts.trues().map("neg", x -> -x).merge("both", parts.falses()).output("out", new TestingSink<>(out));
        ep.run(flow);
        List<Integer> expected = new ArrayList<>(items.stream().map(x -> x < 250 ? -x : x).toList());
        expected.sort(Comparator.naturalOrder());
        out.sort(Comparator.naturalOrder());
        assertEquals(expected, out);
    }
}
