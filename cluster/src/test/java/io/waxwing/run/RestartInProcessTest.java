package io.waxwing.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.errors.WaxwingRuntimeException;
import io.waxwing.recovery.Recovery;
import io.waxwing.recovery.RecoveryConfig;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Restarts within one JVM through the embedded entry points; the launcher's are in RestartIT. */
class RestartInProcessTest {

    /** Counts words; the step "check" throws while {@code failures} is above zero, counting it down. */
    private static Dataflow words(List<KV<Long>> out, AtomicInteger failures, RuntimeException error) {
        Dataflow flow = new Dataflow("restart_words");
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            items.add(i % 2 == 0 ? "a b" : "c");
        }
        items.add(10, "boom");
        flow.input("inp", new TestingSource<String>(items))
                .map("check", (String line) -> {
                    if (line.equals("boom") && failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        throw error;
                    }
                    return line;
                })
                .flatMap("split", (String l) -> List.of(l.split(" ")))
                .keyOn("key", w -> w)
                .countFinal("count")
                .output("out", new TestingSink<>(out));
        return flow;
    }

    private static List<KV<Long>> sorted(List<KV<Long>> out) {
        List<KV<Long>> copy = new ArrayList<>(out);
        copy.sort(Comparator.comparing(KV::key));
        return copy;
    }

    @Test
    @Timeout(120)
    void aStepThatThrowsOnceFinishesWithExactStateAfterOneRestart(@TempDir Path dir) {
        for (int workers : new int[] {1, 2}) {
            Path db = dir.resolve("db" + workers);
            Recovery.initDbDir(db, 2);
            List<KV<Long>> out = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger failures = new AtomicInteger(1);
            Execution.cliMain(words(out, failures, new IllegalStateException("transient")), workers, null, null,
                    Duration.ZERO, new RecoveryConfig(db), RestartStrategy.fixedDelay(1, Duration.ofMillis(100)));
            assertEquals(0, failures.get());
            assertEquals(List.of(KV.of("a", 10L), KV.of("b", 10L), KV.of("boom", 1L), KV.of("c", 10L)),
                    sorted(out), workers + " worker(s)");
        }
    }

    @Test
    @Timeout(120)
    void whenAttemptsAreExhaustedTheLastFailureIsThrown(@TempDir Path dir) {
        Recovery.initDbDir(dir, 1);
        AtomicInteger failures = new AtomicInteger(5);
        WaxwingRuntimeException e = assertThrows(WaxwingRuntimeException.class, () -> Execution.cliMain(
                words(new ArrayList<>(), failures, new IllegalStateException("still down")), 2, null, null,
                Duration.ZERO, new RecoveryConfig(dir), RestartStrategy.fixedDelay(2, Duration.ZERO)));
        assertEquals(2, failures.get(), "one run and two restarts");
        assertTrue(e.getMessage().contains("restart_words.check"), e.getMessage());
    }

    @Test
    @Timeout(120)
    void aNotRetryableExceptionEndsTheExecutionAtOnce(@TempDir Path dir) {
        Recovery.initDbDir(dir, 1);
        AtomicInteger failures = new AtomicInteger(5);
        assertThrows(WaxwingRuntimeException.class, () -> Execution.cliMain(
                words(new ArrayList<>(), failures, new IllegalArgumentException("bad record")), 2, null, null,
                Duration.ZERO, new RecoveryConfig(dir), RestartStrategy.fixedDelay(3, Duration.ZERO)
                        .withNotRetryable(List.of("java.lang.IllegalArgumentException"))));
        assertEquals(4, failures.get(), "no restart");
    }

    @Test
    void aRestartStrategyWithoutRecoveryIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Execution.cliMain(
                words(new ArrayList<>(), new AtomicInteger(), new IllegalStateException()), 2, null, null,
                Duration.ZERO, null, RestartStrategy.fixedDelay(3, Duration.ZERO)));
        assertTrue(e.getMessage().contains("needs a recovery directory"), e.getMessage());
    }
}
