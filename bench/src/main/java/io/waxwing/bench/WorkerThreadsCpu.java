package io.waxwing.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time of the threads that run the worker actors (Waxwing's {@code waxwing.worker-dispatcher}),
 * sampled while an operation runs, since those threads end with the operation's actor system. Printed
 * per item with each iteration: the sum over the worker threads, and the busiest one. On a machine
 * whose other processes take most of the cores, the wall clock of a two-worker run measures the
 * competition; the busiest worker thread's CPU time does not depend on it as much, and bounds from
 * below what the run would take with a core per worker (every wait for the other worker, and the
 * collector's pauses, come on top).
 *
 * <pre>{@code
 * WorkerThreadsCpu workers = WorkerThreadsCpu.start();
 * run();
 * workers.stop("label", EVENTS);   // prints "workers label: 2 threads, sum 700.1 ns/item, busiest 351.0 ns/item"
 * }</pre>
 */
final class WorkerThreadsCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String NAME = "worker-dispatcher";
    private static final long PERIOD_MS = 100;

    /** The last CPU time read per worker thread id. */
    private final Map<Long, Long> cpu = new HashMap<>();
    /** The CPU time at the start, of the worker threads that existed then (an earlier run's). */
    private final Map<Long, Long> baseline = new HashMap<>();
    /** Whether each thread id seen is a worker thread. */
    private final Map<Long, Boolean> isWorker = new HashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private WorkerThreadsCpu() {
        sampler = new Thread(this::loop, "worker-threads-cpu");
        sampler.setDaemon(true);
    }

    static WorkerThreadsCpu start() {
        WorkerThreadsCpu w = new WorkerThreadsCpu();
        synchronized (w) {
            w.sample();
            w.baseline.putAll(w.cpu);
        }
        w.sampler.start();
        return w;
    }

    private void loop() {
        while (running) {
            synchronized (this) {
                sample();
            }
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        for (long id : THREADS.getAllThreadIds()) {
            Boolean worker = isWorker.get(id);
            if (worker == null) {
                ThreadInfo info = THREADS.getThreadInfo(id);
                worker = info != null && info.getThreadName().contains(NAME);
                isWorker.put(id, worker);
            }
            if (worker) {
                long t = THREADS.getThreadCpuTime(id);
                if (t >= 0) {
                    cpu.put(id, t);
                }
            }
        }
    }

    /** Stops sampling and prints the worker threads' CPU time per item, for {@code items} items. */
    void stop(String label, long items) {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long sum = 0;
        long busiest = 0;
        int threads = 0;
        synchronized (this) {
            sample();
            for (Map.Entry<Long, Long> e : cpu.entrySet()) {
                long used = e.getValue() - baseline.getOrDefault(e.getKey(), 0L);
                if (used > 0) {
                    threads++;
                    sum += used;
                    busiest = Math.max(busiest, used);
                }
            }
        }
        System.out.printf("%n  workers %s: %d threads, sum %.1f ns/item, busiest %.1f ns/item%n", label, threads,
                sum / (double) items, busiest / (double) items);
    }
}
