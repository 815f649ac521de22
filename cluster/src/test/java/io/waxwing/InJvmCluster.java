package io.waxwing;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.recovery.RecoveryConfig;
import io.waxwing.run.Execution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs a dataflow as several cluster processes inside this JVM: one {@code clusterMain} per process,
 * each on a thread of its own with an ActorSystem on its own 127.0.0.1 port, exactly as separate
 * processes would call it. Lets the recovery tests run multi-process executions against the same
 * in-memory sources and sinks as every other entry point.
 */
public final class InJvmCluster {
    private InJvmCluster() {
    }

    public static void run(Dataflow flow, int procs, int workersPerProc, Duration epochInterval, RecoveryConfig recovery) {
        List<String> addrs = freeAddresses(procs);
        ExecutorService pool = Executors.newFixedThreadPool(procs);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int p = 0; p < procs; p++) {
                int procId = p;
                results.add(pool.submit(() -> Execution.clusterMain(flow, addrs, procId, epochInterval, recovery,
                        workersPerProc)));
            }
            RuntimeException first = null;
            for (Future<?> r : results) {
                try {
                    r.get(120, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException re ? re : new RuntimeException(e.getCause());
                    }
                } catch (Exception e) {
                    throw new AssertionError("a process of the in-JVM cluster did not finish: " + e, e);
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> freeAddresses(int n) {
        List<ServerSocket> sockets = new ArrayList<>();
        List<String> addrs = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
                sockets.add(s);
                addrs.add("127.0.0.1:" + s.getLocalPort());
            }
            for (ServerSocket s : sockets) {
                s.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return addrs;
    }
}
