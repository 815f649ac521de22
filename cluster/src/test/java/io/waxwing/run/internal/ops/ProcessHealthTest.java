package io.waxwing.run.internal.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProcessHealthTest {
    private final AtomicLong now = new AtomicLong(1_000);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void readyOnlyOnceEveryLocalWorkerStartedAndUntilTheExecutionEnds() {
        ProcessHealth health = new ProcessHealth(2, Duration.ofSeconds(30), now::get);
        assertTrue(health.notReady().contains("0 of 2 local workers started"), health.notReady());
        health.workerStarted();
        assertNotNull(health.notReady());
        health.workerStarted();
        assertNull(health.notReady());
        health.ended(true);
        assertEquals("the execution failed", health.notReady());
    }

    @Test
    void stuckOnlyWhenRunningWithoutACommitForLongerThanTheLimit() {
        ProcessHealth health = new ProcessHealth(1, Duration.ofSeconds(30), now::get);
        advance(Duration.ofMinutes(5));
        assertNull(health.stuck(), "not started: waiting for peers is not being stuck");
        health.workerStarted();
        advance(Duration.ofSeconds(30));
        assertNull(health.stuck(), "exactly at the limit");
        advance(Duration.ofSeconds(1));
        assertTrue(health.stuck().startsWith("no epoch committed for 31 s (limit 30 s)"), health.stuck());
        health.committed(7);
        assertNull(health.stuck());
        advance(Duration.ofSeconds(45));
        assertTrue(health.stuck().endsWith("last committed epoch 7"), health.stuck());
        health.ended(false);
        assertNull(health.stuck(), "an ended execution is not stuck");
    }

    @Test
    void neverStuckWithoutALimit() {
        ProcessHealth health = new ProcessHealth(1, null, now::get);
        health.workerStarted();
        advance(Duration.ofDays(1));
        assertNull(health.stuck());
    }
}
