package io.waxwing.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.KeyedStream;
import io.waxwing.dataflow.Stream;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.errors.WaxwingRuntimeException;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The exchange in front of a stateful step, with one worker (no key hashed) and with several. */
class StatefulRoutingTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void countsEveryKeyOnceWhateverTheWorkerCount(int workers) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            words.add("w" + (i * 31 % 97));
        }
        Dataflow flow = new Dataflow("df");
        List<KV<Long>> out = Collections.synchronizedList(new ArrayList<>());
        flow.input("inp", new TestingSource<String>(words, 64))
                .keyOn("key", w -> w)
                .countFinal("count")
                .output("out", new TestingSink<>(out));
        assertTrue(new EngineGroup(flow, workers, RecoveryStore.NONE, Duration.ZERO).runToCompletion(100_000));
        Map<String, Long> expected = new TreeMap<>();
        words.forEach(w -> expected.merge(w, 1L, Long::sum));
        Map<String, Long> actual = new TreeMap<>();
        out.forEach(kv -> assertEquals(null, actual.put(kv.key(), kv.value()), "one count per key"));
        assertEquals(expected, actual);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    @SuppressWarnings({"unchecked", "rawtypes"})
    void anItemThatIsNotAKvFailsTheStatefulStepAndSaysToKeyTheStream(int workers) {
        Dataflow flow = new Dataflow("df");
        Stream<Integer> numbers = flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3)));
        // Only an unchecked cast gets a stream of plain items past the types.
        KeyedStream<Integer> notKeyed = KeyedStream.of((Stream) numbers);
        notKeyed.countFinal("count").output("out", new TestingSink<>(new ArrayList<>()));
        WaxwingRuntimeException e = assertThrows(WaxwingRuntimeException.class,
                () -> new EngineGroup(flow, workers, RecoveryStore.NONE, Duration.ZERO).runToCompletion(1_000));
        assertEquals("df.count", e.stepId());
        assertTrue(e.getMessage().contains("keyOn"), e.getMessage());
        assertTrue(e.getMessage().contains("java.lang.Integer"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aStatefulBuilderThatReturnsNullFailsTheStepAndSaysSo(int workers) {
        Dataflow flow = new Dataflow("df");
        flow.input("inp", new TestingSource<String>(List.of("a", "b")))
                .keyOn("key", w -> w)
                .<String, String>stateful("state", resume -> null)
                .output("out", new TestingSink<>(new ArrayList<>()));
        WaxwingRuntimeException e = assertThrows(WaxwingRuntimeException.class,
                () -> new EngineGroup(flow, workers, RecoveryStore.NONE, Duration.ZERO).runToCompletion(1_000));
        assertEquals("df.state", e.stepId());
        assertTrue(e.getMessage().contains("returned null instead of a StatefulLogic"), e.getMessage());
    }
}
