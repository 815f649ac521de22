package io.waxwing.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.StateAndOutput;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * State that could be stored but never restored fails the run at its first snapshot, naming the
 * type, the step and the fix, and nothing is committed: a later run with restorable state starts
 * from the beginning instead of failing on every resume.
 */
@Timeout(120)
class UnrestorableStateTest {
    @TempDir
    Path dbDir;

    /** Final fields and only constructors with arguments (two, so none is an obvious creator). */
    static final class Total {
        private final String key;
        private final long sum;

        Total(String key, long sum) {
            this.key = key;
            this.sum = sum;
        }

        Total(String key) {
            this(key, 0);
        }
    }

    /** A lambda in a field. */
    static final class WithCallback {
        private long sum;
        private Supplier<String> describe;

        WithCallback() {
        }

        WithCallback(long sum) {
            this.sum = sum;
            String what = "sum";
            this.describe = () -> what;
        }
    }

    /** A thread in a field. */
    static final class WithThread {
        private long sum;
        private Thread worker = new Thread(() -> { });

        WithThread() {
        }
    }

    private static Dataflow flow(List<Object> items, List<KV<Long>> out, Function<Long, Object> state) {
        Dataflow flow = new Dataflow("unrestorable");
        flow.input("inp", new TestingSource<>(items, 5))
                .keyOn("key", x -> "k" + ((Integer) x % 3))
                .statefulMap("sum", (Object previous, Object x) -> {
                    long s = (previous == null ? 0 : sumOf(previous)) + (Integer) x;
                    return new StateAndOutput<>(state.apply(s), s);
                })
                .output("out", new TestingSink<>(out));
        return flow;
    }

    private static long sumOf(Object state) {
        if (state instanceof Long l) {
            return l;
        }
        if (state instanceof Total t) {
            return t.sum;
        }
        if (state instanceof WithCallback w) {
            return w.sum;
        }
        return ((WithThread) state).sum;
    }

    private void refusedAtTheFirstSnapshotAndNothingCommitted(EntryPoint ep, Function<Long, Object> state,
            Class<?> stateType) {
        Recovery.initDbDir(dbDir, 2);
        List<Object> items = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            items.add(i);
        }
        List<KV<Long>> out = Collections.synchronizedList(new ArrayList<>());
        RecoveryConfig recovery = new RecoveryConfig(dbDir);
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> ep.run(flow(items, out, state), Duration.ZERO, recovery));
        String m = messages(e);
        assertTrue(m.contains(stateType.getName()), m);
        assertTrue(m.contains("'unrestorable.sum'"), m);
        assertTrue(m.contains("no-argument constructor"), m);

        // Nothing was committed: the same flow with restorable state starts from the first item.
        List<KV<Long>> again = Collections.synchronizedList(new ArrayList<>());
        ep.run(flow(items, again, s -> s), Duration.ZERO, recovery);
        assertEquals(30, again.size(), "every item is processed again: " + again);
        long total = 0;
        for (int i = 1; i <= 30; i++) {
            total += i;
        }
        long last = 0;
        synchronized (again) {
            for (String k : List.of("k0", "k1", "k2")) {
                last += again.stream().filter(kv -> kv.key().equals(k)).mapToLong(KV::value).max().orElse(0);
            }
        }
        assertEquals(total, last);
    }

    private static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getMessage()).append(" | ");
        }
        return b.toString();
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#withProcesses")
    void stateWithFinalFieldsAndNoUsableConstructorIsRefusedBeforeItIsStored(EntryPoint ep) {
        refusedAtTheFirstSnapshotAndNothingCommitted(ep, s -> new Total("k", s), Total.class);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void stateHoldingALambdaIsRefusedBeforeItIsStored(EntryPoint ep) {
        refusedAtTheFirstSnapshotAndNothingCommitted(ep, WithCallback::new, WithCallback.class);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void stateHoldingAThreadIsRefusedBeforeItIsStored(EntryPoint ep) {
        refusedAtTheFirstSnapshotAndNothingCommitted(ep, s -> {
            WithThread w = new WithThread();
            w.sum = s;
            return w;
        }, WithThread.class);
    }
}
