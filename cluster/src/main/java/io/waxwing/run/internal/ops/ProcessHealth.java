package io.waxwing.run.internal.ops;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * This process's health as the probes see it, updated by the execution's threads and read by the
 * management server's. Ready: every local worker has started (which happens only once every
 * process joined, the dataflow fingerprints agreed and resume state was loaded) and the execution
 * has not ended. Stuck: started, not ended, and no epoch committed for longer than
 * {@code stuckAfter} ({@code null}: never stuck).
 */
public final class ProcessHealth {
    private final int localWorkers;
    private final Duration stuckAfter;
    private final LongSupplier clock;
    private final AtomicInteger started = new AtomicInteger();
    private volatile long lastProgressNanos;
    private volatile long committedEpoch = -1;
    private volatile String ended;

    ProcessHealth(int localWorkers, Duration stuckAfter) {
        this(localWorkers, stuckAfter, System::nanoTime);
    }

    /** @param clock a monotonic clock in nanoseconds ({@code System::nanoTime}) */
    ProcessHealth(int localWorkers, Duration stuckAfter, LongSupplier clock) {
        this.localWorkers = localWorkers;
        this.stuckAfter = stuckAfter;
        this.clock = clock;
        this.lastProgressNanos = clock.getAsLong();
    }

    void workerStarted() {
        lastProgressNanos = clock.getAsLong();
        started.incrementAndGet();
    }

    void committed(long epoch) {
        committedEpoch = Math.max(committedEpoch, epoch);
        lastProgressNanos = clock.getAsLong();
    }

    /** The execution failed and restarts: not ready until its workers have started again. */
    void restarting() {
        started.set(0);
        lastProgressNanos = clock.getAsLong();
        ended = null;
    }

    void ended(boolean failed) {
        if (ended == null) {
            ended = failed ? "the execution failed" : "the execution ended";
        }
    }

    /** Why this process is not ready, or {@code null} when it is. */
    public String notReady() {
        if (ended != null) {
            return ended;
        }
        int n = started.get();
        if (n < localWorkers) {
            return "waiting for the execution to start (" + n + " of " + localWorkers + " local workers started;"
                    + " every process must join, agree on the dataflow and load its resume state)";
        }
        return null;
    }

    /** Why this process is stuck, or {@code null} when it makes progress. */
    public String stuck() {
        if (stuckAfter == null || ended != null || started.get() < localWorkers) {
            return null;
        }
        long idle = clock.getAsLong() - lastProgressNanos;
        if (idle > stuckAfter.toNanos()) {
            return "no epoch committed for " + Duration.ofNanos(idle).toSeconds() + " s (limit " + stuckAfter.toSeconds()
                    + " s); last committed epoch " + committedEpoch;
        }
        return null;
    }
}
