package io.waxwing.engine;

import io.waxwing.engine.recovery.InMemoryRecoveryStore;
import io.waxwing.engine.recovery.RecoveryStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.KeyHash;
import io.waxwing.dataflow.StateAndOutput;
import io.waxwing.dataflow.Stream;
import io.waxwing.errors.WaxwingRuntimeException;
import io.waxwing.inputs.FixedPartitionedSource;
import io.waxwing.inputs.StatefulSourcePartition;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import io.waxwing.operators.StatefulLogic;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine on its own: several workers in one thread, wired by an in-memory exchange, before any
 * actor exists.
 */
class WorkerEngineTest {

    /** A source with {@code parts} partitions, each emitting its own numbers, one per batch. */
    private record Numbers(int parts, int perPart) implements FixedPartitionedSource<Integer, Integer> {
        @Override
        public List<String> listParts() {
            return IntStream.range(0, parts).mapToObj(i -> "p" + i).toList();
        }

        @Override
        public StatefulSourcePartition<Integer, Integer> buildPart(String stepId, String forPart, Integer resume) {
            int base = Integer.parseInt(forPart.substring(1)) * perPart;
            return new StatefulSourcePartition<>() {
                int next = resume == null ? 0 : resume;

                @Override
                public List<Integer> nextBatch() {
                    return next >= perPart ? null : List.of(base + next++);
                }

                @Override
                public Integer snapshot() {
                    return next;
                }
            };
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void keyedStateSeesEveryItemOfItsKeyOnOneWorker(int workers) {
        Dataflow flow = new Dataflow("df");
        List<KV<List<Integer>>> out = Collections.synchronizedList(new ArrayList<>());
        flow.input("inp", new Numbers(5, 40))
                .keyOn("mod", x -> "k" + (x % 7))
                .foldFinal("all", ArrayList<Integer>::new, (acc, x) -> {
                    acc.add(x);
                    return acc;
                })
                .inspectDebug("where", (step, kv, epoch, worker) ->
                        assertEquals(KeyHash.route(kv.key(), workers), worker, "key's state lives on its worker"))
                .mapValue("sort", l -> {
                    List<Integer> s = new ArrayList<>(l);
                    s.sort(Comparator.naturalOrder());
                    return s;
                })
                .output("out", new TestingSink<>(out));
        assertTrue(new EngineGroup(flow, workers, RecoveryStore.NONE, Duration.ZERO).runToCompletion(10_000));
        Map<String, List<Integer>> expected = new TreeMap<>();
        for (int x = 0; x < 200; x++) {
            expected.computeIfAbsent("k" + (x % 7), k -> new ArrayList<>()).add(x);
        }
        Map<String, List<Integer>> actual = new TreeMap<>();
        out.forEach(kv -> actual.put(kv.key(), kv.value()));
        assertEquals(expected, actual);
        assertEquals(7, out.size(), "one final value per key");
    }

    @Test
    void barriersAlignSoEachEpochClosesAfterAllItsItemsFromEveryWorker() {
        // Every item is tagged with the epoch it was read in; after the exchange, each item must
        // arrive in the same epoch: data behind a barrier waits until all senders passed it.
        Dataflow flow = new Dataflow("df");
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        Stream<long[]> tagged = flow.input("inp", new Numbers(3, 50))
                .inspectDebug("noop", (s, x, e, w) -> { })
                .map("tag", x -> new long[] {x, 0});
        flow.input("inp2", new Numbers(1, 0)).output("unused", new TestingSink<>(new ArrayList<>()));
        tagged.inspectDebug("stamp", (s, item, epoch, w) -> item[1] = epoch)
                .redistribute("spread")
                .inspectDebug("check", (s, item, epoch, w) -> {
                    if (item[1] != epoch) {
                        violations.add("item " + item[0] + " read in epoch " + item[1] + " seen in " + epoch);
                    }
                    seen.add((int) item[0]);
                })
                .output("out", new TestingSink<>(new ArrayList<>()));
        assertTrue(new EngineGroup(flow, 3, RecoveryStore.NONE, Duration.ZERO).runToCompletion(10_000));
        assertEquals(List.of(), violations);
        seen.sort(Comparator.naturalOrder());
        assertEquals(IntStream.range(0, 150).boxed().toList(), seen);
    }

    @Test
    void workerWithoutPartitionsEndsAtOnceAndOthersFinish() {
        Dataflow flow = new Dataflow("df");
        List<KV<Long>> out = Collections.synchronizedList(new ArrayList<>());
        // One partition for three workers: two of them own nothing and must not hold anyone up.
        flow.input("inp", new TestingSource<String>(List.of("a", "b", "a", "c", "a")))
                .keyOn("k", s -> s)
                .countFinal("count")
                .output("out", new TestingSink<>(out));
        EngineGroup group = new EngineGroup(flow, 3, RecoveryStore.NONE, Duration.ZERO);
        assertTrue(group.runToCompletion(10_000));
        out.sort(Comparator.comparing(KV::key));
        assertEquals(List.of(KV.of("a", 3L), KV.of("b", 1L), KV.of("c", 1L)), out);
    }

    @Test
    void exchangeSendsBatchesNotItems() {
        Dataflow flow = new Dataflow("df");
        flow.input("inp", new TestingSource<Integer>(IntStream.range(0, 1000).boxed().toList(), 100))
                .redistribute("spread")
                .output("out", new TestingSink<>(new ArrayList<>()));
        EngineGroup group = new EngineGroup(flow, 2, RecoveryStore.NONE, Duration.ofHours(1));
        assertTrue(group.runToCompletion(10_000));
        long dataMessages = group.sent().stream().filter(e -> e.message() instanceof Message.Data).count();
        // The test config batches 4 items per message.
        assertTrue(dataMessages <= 1000 / 4 + 2 * 10, "sent " + dataMessages + " data messages for 1000 items");
    }

    @Test
    void resumesKeyedStateFromTheLastCommittedEpochAfterAnAbort() {
        InMemoryRecoveryStore store = new InMemoryRecoveryStore();
        List<Object> items = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            items.add(i);
            if (i == 6) {
                items.add(TestingSource.abort());
            }
        }
        TestingSource<Integer> source = new TestingSource<>(items);
        List<KV<Integer>> out = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = new Dataflow("df");
        flow.input("inp", source)
                .keyOn("parity", x -> x % 2 == 0 ? "even" : "odd")
                .statefulMap("sum", (Integer sum, Integer x) -> {
                    int s = (sum == null ? 0 : sum) + x;
                    return new StateAndOutput<>(s, s);
                })
                .output("out", new TestingSink<>(out));
        assertFalse(new EngineGroup(flow, 2, store, Duration.ZERO).runToCompletion(10_000), "aborted");
        assertTrue(store.committedEpoch() > 0);
        assertTrue(new EngineGroup(flow, 3, store, Duration.ZERO).runToCompletion(10_000), "resumed and finished");
        Map<String, Integer> last = new HashMap<>();
        out.forEach(kv -> last.merge(kv.key(), kv.value(), Math::max));
        assertEquals(Map.of("odd", 1 + 3 + 5 + 7 + 9, "even", 2 + 4 + 6 + 8 + 10), last,
                "state exactly once across the abort and a rescale from 2 to 3 workers");
    }

    @Test
    void aLogicThatAlwaysAsksForAPastTimeIsWokenOncePerActivationNotInALoop() {
        Instant past = Instant.parse("2000-01-01T00:00:00Z");
        List<KV<Integer>> out = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = new Dataflow("df");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3)))
                .keyOn("k", x -> "same")
                .stateful("nag", (Integer resume) -> new StatefulLogic<Integer, Integer, Integer>() {
                    private int notified;

                    @Override
                    public boolean onItem(Integer value, Consumer<? super Integer> emit) {
                        return RETAIN;
                    }

                    @Override
                    public boolean onNotify(Consumer<? super Integer> emit) {
                        emit.accept(++notified);
                        return RETAIN;
                    }

                    @Override
                    public Instant notifyAt() {
                        return past;
                    }

                    @Override
                    public Integer snapshot() {
                        return notified;
                    }
                })
                .output("out", new TestingSink<>(out));
        assertTrue(new EngineGroup(flow, 1, RecoveryStore.NONE, Duration.ZERO).runToCompletion(100));
        assertTrue(out.size() >= 1 && out.size() <= 100, "woken " + out.size() + " times in at most 100 activations");
    }

    @Test
    void userExceptionNamesTheStepAndKeepsTheCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        Dataflow flow = new Dataflow("df");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2)))
                .map("explode", x -> {
                    throw boom;
                })
                .output("out", new TestingSink<>(new ArrayList<>()));
        WaxwingRuntimeException e = assertThrows(WaxwingRuntimeException.class,
                () -> new EngineGroup(flow, 2, RecoveryStore.NONE, Duration.ZERO).runToCompletion(100));
        assertEquals("df.explode", e.stepId());
        assertTrue(e.getMessage().contains("df.explode"));
        assertEquals(boom, e.getCause());
    }

    @Test
    void rejectsADataflowWithoutOutputBeforeAnythingRuns() {
        Dataflow flow = new Dataflow("df");
        flow.input("inp", new TestingSource<Integer>(List.of(1))).map("m", x -> x);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EngineGroup(flow, 1, RecoveryStore.NONE, Duration.ZERO));
        assertTrue(e.getMessage().contains("no output or inspect step"), e.getMessage());
    }
}
