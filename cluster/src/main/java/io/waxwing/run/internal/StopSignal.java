package io.waxwing.run.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A request to stop an execution at its next safe point, as on SIGINT/SIGTERM: workers stop without
 * storing the open epoch, so the recovery store stays at its last commit. Every running execution
 * in this JVM registers one; {@link #stopAll()} trips them all.
 */
public final class StopSignal {
    private static final Set<StopSignal> RUNNING = ConcurrentHashMap.newKeySet();
    private static volatile boolean stopAllRequested;

    private volatile boolean requested;
    private final Runnable onStop;

    private StopSignal(Runnable onStop) {
        this.onStop = onStop;
    }

    /** Registers a running execution; {@code onStop} is called (once, from any thread) on a stop request. */
    public static StopSignal register(Runnable onStop) {
        StopSignal s = new StopSignal(onStop);
        RUNNING.add(s);
        if (stopAllRequested) {
            s.request();
        }
        return s;
    }

    /** Asks every running execution in this JVM, and every one started from now on, to stop. */
    public static void stopAll() {
        stopAllRequested = true;
        for (StopSignal s : RUNNING) {
            s.request();
        }
    }

    public synchronized void request() {
        if (!requested) {
            requested = true;
            onStop.run();
        }
    }

    public boolean requested() {
        return requested;
    }

    /** The execution has ended. */
    public void unregister() {
        RUNNING.remove(this);
    }
}
