package io.waxwing.launcher;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Ends the process within moments of an {@link OutOfMemoryError}, wherever it is thrown, with one
 * {@code waxwing:} line and {@link ExitCode#OUT_OF_MEMORY} — what {@code -XX:+ExitOnOutOfMemoryError}
 * would do, with a summary, and without the command line of the JVM. A JVM out of memory cannot be
 * trusted to stop its workers cleanly (every thread that allocates may fail next, the handlers
 * included), so the process halts: the recovery store keeps its last commit, as after a crash.
 *
 * <p>It is reached three ways: as the JVM's default uncaught-exception handler (threads without
 * their own, and Pekko's threads, whose handler hands an out-of-memory error to it before Pekko's
 * own would exit the JVM with -1: {@code io.waxwing.run.internal.OutOfMemoryHandOff}); from the
 * launcher's main thread, which runs a single worker; and, for the few threads that still reach a
 * handler exiting the JVM (Pekko's pinned dispatchers), from a shutdown hook that finds the JVM
 * exiting by no decision of the launcher while the heap was still full after garbage collection.
 */
final class OutOfMemoryExit {
    /** Heap in use after a collection, as a share of the maximum, above which the heap counts as full. */
    private static final double FULL = 0.9;
    /** Freed on an out-of-memory error, so that the summary can be written. */
    private static volatile byte[] reserve;
    /**
     * Guards {@link #halting}. A monitor, not an AtomicBoolean: in a full heap, the first
     * compareAndSet of an AtomicBoolean in the JVM fails with OutOfMemoryError itself (linking its
     * VarHandle allocates), and every thread would then leave {@link #exit} without halting.
     */
    private static final Object HALT = new Object();
    private static boolean halting;
    private static volatile boolean launcherExits;
    /** An out-of-memory error reached the handler (which may have failed to write the summary). */
    private static volatile boolean seen;
    private static volatile String dataflow;
    private static volatile PrintStream err = System.err;

    private OutOfMemoryExit() {
    }

    /** Installs the handler, the shutdown hook and the heap threshold; {@code to} receives the summary. */
    static void install(PrintStream to) {
        err = to;
        reserve = new byte[1 << 20];
        // Everything the summary needs is loaded and linked now: at the moment of the error, the
        // first call of a lambda or of a string concatenation would itself allocate, and fail.
        summary(new OutOfMemoryError("warm-up"), "main");
        Thread.setDefaultUncaughtExceptionHandler(new Handler(Thread.getDefaultUncaughtExceptionHandler()));
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            long max = pool.getUsage().getMax();
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported() && max > 0) {
                pool.setCollectionUsageThreshold((long) (max * FULL));
            }
        }
        heapFull();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!launcherExits && (seen || heapFull())) {
                exit(null, null);
            }
        }, "waxwing-out-of-memory-exit"));
    }

    /** The JVM's default uncaught-exception handler: out of memory halts, anything else goes on as before. */
    private static final class Handler implements Thread.UncaughtExceptionHandler {
        private final Thread.UncaughtExceptionHandler previous;

        Handler(Thread.UncaughtExceptionHandler previous) {
            this.previous = previous;
        }

        @Override
        public void uncaughtException(Thread thread, Throwable error) {
            OutOfMemoryError oom = outOfMemory(error);
            if (oom != null) {
                seen = true;
                exit(oom, thread.getName());
            } else if (previous != null) {
                previous.uncaughtException(thread, error);
            } else {
                // What the JVM prints for an uncaught exception when no handler is set.
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                error.printStackTrace(System.err);
            }
        }
    }

    /** The dataflow now running, named in the summary. */
    static void running(String flowId) {
        dataflow = flowId;
    }

    /** The launcher itself is exiting (its exit code is decided): the shutdown hook stays out of the way. */
    static void launcherExits() {
        launcherExits = true;
    }

    /** The {@link OutOfMemoryError} in {@code error}'s cause chain, or {@code null}. */
    static OutOfMemoryError outOfMemory(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return oom;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /**
     * Writes the summary and halts the JVM with {@link ExitCode#OUT_OF_MEMORY}; never returns.
     *
     * @param error  the error, or {@code null} when only the full heap is known
     * @param thread the thread it was thrown in, or {@code null}
     */
    static void exit(OutOfMemoryError error, String thread) {
        boolean first;
        synchronized (HALT) {
            first = !halting;
            halting = true;
        }
        if (!first) {
            // Another thread is writing the summary and halting; do not let this one run on.
            parkForever();
        }
        reserve = null;
        try {
            err.println(summary(error, thread));
            err.flush();
        } catch (Throwable ignored) {
            // Halting matters more than the summary.
        } finally {
            Runtime.getRuntime().halt(ExitCode.OUT_OF_MEMORY);
        }
    }

    /** The one line; built with a plain StringBuilder, which needs no linking at the time of the error. */
    private static String summary(OutOfMemoryError error, String thread) {
        StringBuilder b = new StringBuilder(400).append("waxwing: ");
        String flow = dataflow;
        if (flow != null) {
            b.append("dataflow '").append(flow).append("' failed: ");
        }
        b.append("out of memory (");
        if (error == null) {
            b.append("the heap was full when a runtime thread stopped the JVM");
        } else {
            b.append(error.toString());
            if (thread != null) {
                b.append(" in thread ").append(thread);
            }
        }
        return b.append("); the JVM's heap is at most ").append(Runtime.getRuntime().maxMemory() >> 20)
                .append(" MiB: raise it with -Xmx, or keep less state (see docs/deployment.md); exit code ")
                .append(ExitCode.OUT_OF_MEMORY).toString();
    }

    /** Whether a heap pool was still above {@link #FULL} after its last collection. */
    private static boolean heapFull() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()
                    && pool.getCollectionUsageThreshold() > 0 && pool.isCollectionUsageThresholdExceeded()) {
                return true;
            }
        }
        return false;
    }

    private static void parkForever() {
        while (true) {
            java.util.concurrent.locks.LockSupport.park();
        }
    }
}
