package io.waxwing.run;

import com.typesafe.config.Config;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.engine.DataflowPlan;
import io.waxwing.engine.EngineConfig;
import io.waxwing.engine.SingleWorkerRun;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.recovery.RecoveryConfig;
import io.waxwing.recovery.runtime.WholeStore;
import io.waxwing.run.internal.BootstrapRun;
import io.waxwing.run.internal.BootstrapSettings;
import io.waxwing.run.internal.EngineSettings;
import io.waxwing.run.internal.ProcessRun;
import io.waxwing.run.internal.RecoveryMode;
import io.waxwing.run.internal.StopSignal;
import io.waxwing.run.internal.ops.Operations;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * The entry points that run a {@link Dataflow}: Bytewax's {@code run_main}, {@code cli_main} and
 * {@code cluster_main}. Each blocks until the dataflow completes (every input at end of input), is
 * aborted ({@link io.waxwing.testing.TestingSource#abort()}, {@link #requestStop()}), or fails; a
 * failure of user code is thrown as {@link io.waxwing.errors.WaxwingRuntimeException} naming the
 * step, with the user's exception as its cause.
 *
 * <pre>{@code
 * Execution.runMain(flow);                                  // one worker, this thread
 * Execution.cliMain(flow, 4);                               // four workers in this process
 * Execution.clusterMain(flow, List.of(), 0, Duration.ofSeconds(5), null, 2);
 * }</pre>
 *
 * <p>{@code epochInterval}: {@code null} means 10 seconds; {@link Duration#ZERO} makes every input
 * batch its own epoch. {@code recoveryConfig}: {@code null} means nothing is persisted.
 */
public final class Execution {
    private Execution() {
    }

    /** Runs {@code flow} on one worker on the calling thread, with 10-second epochs and no recovery. */
    public static void runMain(Dataflow flow) {
        runMain(flow, null, null);
    }

    /**
     * Runs {@code flow} on one worker on the calling thread.
     *
     * <pre>{@code Execution.runMain(flow, Duration.ZERO, null);}</pre>
     */
    public static void runMain(Dataflow flow, Duration epochInterval, RecoveryConfig recoveryConfig) {
        Objects.requireNonNull(flow, "flow");
        Config root = EngineSettings.root();
        EngineConfig config = EngineSettings.load(root, epochInterval);
        DataflowPlan plan = DataflowPlan.of(flow);
        Duration idleCheck = root.getDuration("waxwing.runtime.idle-check-interval");
        Thread caller = Thread.currentThread();
        StopSignal stop = StopSignal.register(() -> LockSupport.unpark(caller));
        // OPERATIONS HOOK (issue 16): management server, metrics and health around the run.
        try (Operations ops = Operations.start(root, flow, List.of(), 0, 1, epochInterval)) {
            EngineConfig instrumented = ops.instrument(config);
            boolean failed = true;
            try {
                if (recoveryConfig == null) {
                    SingleWorkerRun.run(plan, instrumented, RecoveryStore.NONE, idleCheck, stop::requested);
                } else {
                    // runMain has no actor system of its own: the store runs in a small one, closed with it.
                    try (WholeStore store = WholeStore.open(recoveryConfig)) {
                        SingleWorkerRun.run(plan, instrumented, store.engineStore(), idleCheck, stop::requested);
                    }
                }
                failed = false;
            } finally {
                ops.ended(failed);
            }
        } finally {
            stop.unregister();
        }
    }

    /** Like {@code python -m bytewax.run -w N}: {@link #runMain} for one worker, else {@link #clusterMain}. */
    public static void cliMain(Dataflow flow, int workersPerProcess) {
        cliMain(flow, workersPerProcess, null, null, null, null);
    }

    /**
     * Runs {@code flow} as the command line would: with one worker and no addresses on this thread
     * ({@link #runMain}); otherwise as process {@code processId} (default 0) of a cluster
     * ({@link #clusterMain}).
     */
    public static void cliMain(Dataflow flow, int workersPerProcess, Integer processId, List<String> addresses,
            Duration epochInterval, RecoveryConfig recoveryConfig) {
        List<String> addrs = addresses == null ? List.of() : addresses;
        if (processId != null && addrs.isEmpty()) {
            throw new IllegalArgumentException("a process id was given without addresses; give every process's"
                    + " address, or leave the process id out to run a single process");
        }
        if (workersPerProcess == 1 && addrs.isEmpty()) {
            runMain(flow, epochInterval, recoveryConfig);
        } else {
            clusterMain(flow, addrs, processId == null ? 0 : processId, epochInterval, recoveryConfig,
                    workersPerProcess);
        }
    }

    /** {@link #clusterMain(Dataflow, List, int, Duration, RecoveryConfig, int)} with one worker per process. */
    public static void clusterMain(Dataflow flow, List<String> addresses, int procId) {
        clusterMain(flow, addresses, procId, null, null, 1);
    }

    /**
     * Runs this process's share of {@code flow}: process {@code procId} of {@code addresses.size()},
     * each running {@code workerCountPerProc} workers (process {@code p} hosts workers
     * {@code p*w … p*w+w-1}). An empty {@code addresses} list means a single process with
     * {@code workerCountPerProc} workers and no networking.
     */
    public static void clusterMain(Dataflow flow, List<String> addresses, int procId, Duration epochInterval,
            RecoveryConfig recoveryConfig, int workerCountPerProc) {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(addresses, "addresses");
        if (workerCountPerProc < 1) {
            throw new IllegalArgumentException("workerCountPerProc must be at least 1, got " + workerCountPerProc);
        }
        if (addresses.isEmpty() && procId != 0) {
            throw new IllegalArgumentException("process id " + procId + " is outside the address list; with no"
                    + " addresses the only process is 0");
        }
        Config root = EngineSettings.root();
        EngineConfig plain = EngineSettings.load(root, epochInterval);
        DataflowPlan plan = DataflowPlan.of(flow);
        // OPERATIONS HOOK (issue 16): management server, metrics and health around the run.
        try (Operations ops = Operations.start(root, flow, addresses, procId, workerCountPerProc, epochInterval)) {
            boolean failed = true;
            try {
                // With addresses, the partitions are spread over the processes: each opens its own share.
                ProcessRun.run(plan, addresses, procId, workerCountPerProc, ops.instrument(plain),
                        RecoveryMode.of(recoveryConfig, !addresses.isEmpty()), root);
                failed = false;
            } finally {
                ops.ended(failed);
            }
        }
    }

    /**
     * Runs this process's share of {@code flow} in a cluster formed by Pekko Cluster Bootstrap from
     * service discovery instead of an address list ({@code waxwing.cluster.formation = bootstrap},
     * docs/deployment.md): the discovery method and service are Pekko's settings under
     * {@code pekko.management.cluster.bootstrap} and {@code pekko.discovery}, and Pekko Management
     * runs on this execution's actor system, on {@code waxwing.management.port} (else
     * {@code pekko.management.http.port}), serving the contact point beside the probes. Nothing runs
     * until {@code processes} processes are members (within {@code waxwing.cluster.formation-timeout}).
     *
     * <pre>{@code Execution.bootstrapMain(flow, 3, null, "10.0.0.5:7355", null, null, 1);}</pre>
     *
     * @param processId   this process's id when known in advance (a StatefulSet pod's ordinal), else
     *                    {@code null}: the ids follow the members' addresses, sorted by host, then port
     * @param selfAddress this process's {@code HOST:PORT} for the cluster, or {@code null} for
     *                    {@code pekko.remote.artery.canonical}
     */
    public static void bootstrapMain(Dataflow flow, int processes, Integer processId, String selfAddress,
            Duration epochInterval, RecoveryConfig recoveryConfig, int workerCountPerProc) {
        Objects.requireNonNull(flow, "flow");
        if (workerCountPerProc < 1) {
            throw new IllegalArgumentException("workerCountPerProc must be at least 1, got " + workerCountPerProc);
        }
        Config root = EngineSettings.root();
        BootstrapSettings bootstrap = BootstrapSettings.of(root, processes, processId, selfAddress);
        EngineConfig plain = EngineSettings.load(root, epochInterval);
        DataflowPlan plan = DataflowPlan.of(flow);
        // OPERATIONS HOOK (issue 16): served by the management on the execution's actor system.
        BootstrapRun.run(flow, plan, bootstrap, workerCountPerProc, plain, epochInterval, recoveryConfig, root);
    }

    /**
     * Asks every execution running in this JVM to stop at its next safe point, as on SIGINT or
     * SIGTERM: workers stop without storing the open epoch, so the recovery store stays consistent,
     * and the entry points return normally. Executions started afterwards stop at once.
     */
    public static void requestStop() {
        StopSignal.stopAll();
    }
}
