package io.waxwing.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time a benchmark's operation used, printed with each iteration: on a machine shared with
 * other busy processes the wall-clock score measures the competition as much as the code, while
 * the CPU time of the benchmark thread (which runs all of a {@code runMain} or plain-loop operation)
 * and of the whole process (collector and compiler threads included) do not depend on it as much.
 *
 * <pre>{@code
 * CpuTime cpu = CpuTime.start();
 * run();
 * cpu.stop(EVENTS);   // prints "cpu: thread 123.4 ns/event, process 150.2 ns/event"
 * }</pre>
 */
final class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long thread;
    private final long process;

    private CpuTime(long thread, long process) {
        this.thread = thread;
        this.process = process;
    }

    static CpuTime start() {
        return new CpuTime(THREADS.getCurrentThreadCpuTime(), processCpuNanos());
    }

    /** Prints the CPU time since {@link #start()} per item, for {@code items} items. */
    void stop(String label, long items) {
        double threadNs = (THREADS.getCurrentThreadCpuTime() - thread) / (double) items;
        double processNs = (processCpuNanos() - process) / (double) items;
        System.out.printf("%n  cpu %s: thread %.1f ns/item, process %.1f ns/item%n", label, threadNs, processNs);
    }

    /** The benchmark thread's CPU time since {@link #start()}, in nanoseconds per item. */
    double threadNanosPer(long items) {
        return (THREADS.getCurrentThreadCpuTime() - thread) / (double) items;
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }
}
