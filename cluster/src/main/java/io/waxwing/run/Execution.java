package io.waxwing.run;

import com.typesafe.config.Config;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.engine.DataflowPlan;
import io.waxwing.engine.EngineConfig;
import io.waxwing.engine.SingleWorkerRun;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.errors.WaxwingRuntimeException;
import io.waxwing.recovery.RecoveryConfig;
import io.waxwing.recovery.RecoveryException;
import io.waxwing.recovery.runtime.WholeStore;
import io.waxwing.run.internal.BootstrapRun;
import io.waxwing.run.internal.BootstrapSettings;
import io.waxwing.run.internal.EngineSettings;
import io.waxwing.run.internal.Outcome;
import io.waxwing.run.internal.ProcessRun;
import io.waxwing.run.internal.RecoveryMode;
import io.waxwing.run.internal.RestartPolicy;
import io.waxwing.run.internal.Restarts;
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
        runMain(flow, epochInterval, recoveryConfig, null);
    }

    /**
     * {@link #runMain(Dataflow, Duration, RecoveryConfig)} restarting as {@code restart} says
     * ({@code null}: as configured).
     */
    private static void runMain(Dataflow flow, Duration epochInterval, RecoveryConfig recoveryConfig,
            RestartStrategy restart) {
        Objects.requireNonNull(flow, "flow");
        Config root = EngineSettings.root();
        RestartStrategy strategy = restartStrategy(restart, root, recoveryConfig);
        EngineConfig config = EngineSettings.load(root, epochInterval);
        DataflowPlan plan = DataflowPlan.of(flow);
        Duration idleCheck = root.getDuration("waxwing.runtime.idle-check-interval");
        // OPERATIONS HOOK (issue 16): management server, metrics and health around the run.
        try (Operations ops = Operations.start(root, flow, List.of(), 0, 1, epochInterval)) {
            EngineConfig instrumented = ops.instrument(config);
            Restarts.run(flow, strategy, ops, root, outcome -> {
                Thread caller = Thread.currentThread();
                StopSignal stop = StopSignal.register(() -> LockSupport.unpark(caller));
                try {
                    if (recoveryConfig == null) {
                        SingleWorkerRun.run(plan, instrumented, RecoveryStore.NONE, idleCheck, stop::requested);
                    } else {
                        // runMain has no actor system of its own: the store runs in a small one, closed with it.
                        try (WholeStore store = WholeStore.open(recoveryConfig)) {
                            SingleWorkerRun.run(plan, instrumented, store.engineStore(), idleCheck, stop::requested);
                        }
                    }
                } catch (WaxwingRuntimeException e) {
                    // What the cluster's coordinator would decide: user code in a step failed.
                    if (e.stepId() != null) {
                        outcome.complete(new Outcome.UserFailure(e.stepId(), String.valueOf(e.getMessage()),
                                e.getCause() == null ? List.of() : RestartPolicy.typesOf(e.getCause())));
                    }
                    throw e;
                } catch (IllegalArgumentException | UnsupportedOperationException | RecoveryException e) {
                    throw e; // refused before any data flowed: never retried
                } catch (RuntimeException e) {
                    // As in a cluster, where a worker failing outside user code (a recovery store
                    // write that failed or timed out) ends the execution with a retryable failure.
                    outcome.complete(new Outcome.ClusterFailure(String.valueOf(e), true));
                    throw e;
                } finally {
                    stop.unregister();
                }
            });
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
        cliMain(flow, workersPerProcess, processId, addresses, epochInterval, recoveryConfig, null);
    }

    /**
     * {@link #cliMain(Dataflow, int, Integer, List, Duration, RecoveryConfig)} restarting by itself
     * after a failure as {@code restart} says ({@code null}: as {@code waxwing.restart} configures,
     * by default never). A strategy that restarts needs {@code recoveryConfig}.
     *
     * <pre>{@code
     * Execution.cliMain(flow, 2, null, null, null, new RecoveryConfig(dir),
     *         RestartStrategy.fixedDelay(3, Duration.ofSeconds(5)));
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code restart} restarts and {@code recoveryConfig} is {@code null}
     */
    public static void cliMain(Dataflow flow, int workersPerProcess, Integer processId, List<String> addresses,
            Duration epochInterval, RecoveryConfig recoveryConfig, RestartStrategy restart) {
        List<String> addrs = addresses == null ? List.of() : addresses;
        if (processId != null && addrs.isEmpty()) {
            throw new IllegalArgumentException("a process id was given without addresses; give every process's"
                    + " address, or leave the process id out to run a single process");
        }
        if (workersPerProcess == 1 && addrs.isEmpty()) {
            runMain(flow, epochInterval, recoveryConfig, restart);
        } else {
            clusterMain(flow, addrs, processId == null ? 0 : processId, epochInterval, recoveryConfig,
                    workersPerProcess, restart);
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
        clusterMain(flow, addresses, procId, epochInterval, recoveryConfig, workerCountPerProc, null);
    }

    /**
     * {@link #clusterMain(Dataflow, List, int, Duration, RecoveryConfig, int)} restarting by itself
     * after a failure as {@code restart} says ({@code null}: as {@code waxwing.restart} configures,
     * by default never). A restart tears this process's actor system down, waits the delay, forms
     * the cluster again with the same addresses and ids, and resumes from the last committed epoch;
     * give every process the same strategy. A strategy that restarts needs {@code recoveryConfig}.
     *
     * <pre>{@code
     * Execution.clusterMain(flow, addresses, procId, null, new RecoveryConfig(dir), 2,
     *         RestartStrategy.exponentialDelay(5, Duration.ofSeconds(1), Duration.ofSeconds(30)));
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code restart} restarts and {@code recoveryConfig} is {@code null}
     */
    public static void clusterMain(Dataflow flow, List<String> addresses, int procId, Duration epochInterval,
            RecoveryConfig recoveryConfig, int workerCountPerProc, RestartStrategy restart) {
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
        RestartStrategy strategy = restartStrategy(restart, root, recoveryConfig);
        EngineConfig plain = EngineSettings.load(root, epochInterval);
        DataflowPlan plan = DataflowPlan.of(flow);
        // OPERATIONS HOOK (issue 16): management server, metrics and health around the run.
        try (Operations ops = Operations.start(root, flow, addresses, procId, workerCountPerProc, epochInterval)) {
            EngineConfig instrumented = ops.instrument(plain);
            // With addresses, the partitions are spread over the processes: each opens its own share.
            RecoveryMode recovery = RecoveryMode.of(recoveryConfig, !addresses.isEmpty());
            Restarts.run(flow, strategy, ops, root, outcome -> ProcessRun.run(plan, addresses, procId,
                    workerCountPerProc, instrumented, recovery, root, outcome));
        }
    }

    /**
     * {@code restart}, else {@code waxwing.restart} from the configuration; refused when it restarts
     * and there is no recovery store to resume from.
     */
    private static RestartStrategy restartStrategy(RestartStrategy restart, Config root, RecoveryConfig recovery) {
        RestartStrategy s = restart != null ? restart : RestartStrategy.fromConfig(root.getConfig("waxwing.restart"));
        if (s.restarts() && recovery == null) {
            throw new IllegalArgumentException("restart strategy " + s + " needs a recovery directory: without one"
                    + " a restarted execution would read its input again from the start and repeat its output;"
                    + " give a recovery directory (--recovery-dir, WAXWING_RECOVERY_DIR, a RecoveryConfig), or use"
                    + " the restart strategy none");
        }
        return s;
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
