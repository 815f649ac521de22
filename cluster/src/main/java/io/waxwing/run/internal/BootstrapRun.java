package io.waxwing.run.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.engine.DataflowPlan;
import io.waxwing.engine.EngineConfig;
import io.waxwing.errors.WaxwingException;
import io.waxwing.recovery.RecoveryConfig;
import io.waxwing.run.internal.ops.BootstrapManagement;
import io.waxwing.run.internal.ops.Operations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.BootstrapSetup;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code clusterMain} in the bootstrap formation: this process's actor system joins or forms the
 * cluster through Pekko Cluster Bootstrap, with Pekko Management on the same system serving the
 * contact point; once {@link BootstrapSettings#processes} members are up, the processes are
 * numbered ({@link BootstrapSettings#order}) and the execution runs exactly as with an address
 * list: the coordinator lives in process 0, the fingerprints are checked, a lost process ends the
 * execution everywhere.
 */
public final class BootstrapRun {
    private static final Logger LOG = LoggerFactory.getLogger(BootstrapRun.class);

    private BootstrapRun() {
    }

    /**
     * Runs this process's part; see {@link ProcessRun#run} for the rest. Operations
     * ({@code dataflow}'s metrics and probes, with {@code epochInterval}) are served by the management
     * on this execution's actor system, and start numbered once the cluster formed.
     */
    public static void run(Dataflow dataflow, DataflowPlan flow, BootstrapSettings bootstrap, int workersPerProc,
            EngineConfig config, Duration epochInterval, RecoveryConfig recoveryConfig, Config root) {
        Duration formationTimeout = root.getDuration("waxwing.cluster.formation-timeout");
        long deadline = System.nanoTime() + formationTimeout.toNanos();
        Config c = bootstrap.systemConfig(root)
                .withValue("waxwing.worker-dispatcher.thread-pool-executor.fixed-pool-size",
                        ConfigValueFactory.fromAnyRef(workersPerProc));
        if (root.getBoolean("waxwing.cluster.tls.enabled")) {
            c = c.withFallback(ProcessRun.tlsConfig(root.getConfig("waxwing.cluster.tls")));
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = BootstrapRun.class.getClassLoader();
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        ActorSystem<ProcessSupervisor.Command> system;
        try {
            system = ActorSystem.create(ProcessSupervisor.create(result), "waxwing",
                    BootstrapSetup.create().withConfig(c.withFallback(root)).withClassloader(loader));
        } catch (RuntimeException e) {
            throw new WaxwingException("could not start the actor system"
                    + (bootstrap.selfAddress() == null ? "" : " on " + bootstrap.selfAddress()) + ": " + e, e);
        }
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        StopSignal formingStop = StopSignal.register(() -> stopped.complete(null));
        ProcessRecovery opened = new ProcessRecovery.None();
        Operations ops = null;
        StopSignal stop = null;
        List<String> addresses = List.of();
        int procId = -1;
        boolean failed = true;
        try {
            Address self = Cluster.get(system).selfMember().address();
            String where = system.settings().config().getString("pekko.management.http.hostname") + ":"
                    + system.settings().config().getInt("pekko.management.http.port");
            BootstrapManagement.start(system.classicSystem(), where);
            LOG.info("process at {} waits for {} processes to form a cluster through Cluster Bootstrap: {}",
                    hostPort(self), bootstrap.processes(), bootstrap.lookup());
            addresses = awaitMembers(system, bootstrap, deadline, stopped, formationTimeout);
            if (addresses == null) {
                failed = false;
                return; // asked to stop while forming: this process ends normally
            }
            procId = addresses.indexOf(hostPort(self));
            LOG.info("the cluster formed: this is process {} of {}", procId, addresses);
            formingStop.unregister();
            formingStop = null;
            ops = Operations.serveOn(system.classicSystem(), root, dataflow, addresses, procId, workersPerProc,
                    epochInterval);
            ProcessSupervisor.Topology topology = new ProcessSupervisor.Topology(addresses, procId, workersPerProc);
            long left = Math.max(1, deadline - System.nanoTime());
            ProcessSupervisor.Settings settings = new ProcessSupervisor.Settings(Duration.ofNanos(left),
                    root.getBytes("pekko.remote.artery.advanced.maximum-frame-size"),
                    root.getBytes("waxwing.cluster.exchange-message-size"),
                    root.getDuration("waxwing.cluster.stop-timeout"));
            opened = ProcessRun.open(RecoveryMode.of(recoveryConfig, true), system, topology, root);
            ProcessSupervisor.Plan plan = new ProcessSupervisor.Plan(flow, topology, ops.instrument(config),
                    DataflowFingerprint.of(flow.flow(), workersPerProc), settings, opened);
            system.tell(new ProcessSupervisor.Start(plan));
            stop = StopSignal.register(() -> system.tell(ProcessSupervisor.StopLocal.INSTANCE));
            ProcessRun.await(result);
            failed = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WaxwingException("bootstrapMain was interrupted while the cluster formed", e);
        } finally {
            if (formingStop != null) {
                formingStop.unregister();
            }
            if (stop != null) {
                stop.unregister();
                if (procId == 0) {
                    ProcessRun.awaitOthersEnded(system, addresses, root.getDuration("waxwing.cluster.end-timeout"));
                }
            }
            opened.close();
            if (ops != null) {
                ops.ended(failed);
                ops.close();
            }
            system.terminate();
            ProcessRun.awaitTermination(system, root.getDuration("waxwing.runtime.shutdown-timeout"));
        }
    }

    /**
     * Waits, on this thread, until {@code processes} members are up, and numbers them; {@code null}
     * when this process was asked to stop first.
     *
     * @throws WaxwingException when the formation fails or does not complete by {@code deadline}
     */
    private static List<String> awaitMembers(ActorSystem<?> system, BootstrapSettings bootstrap, long deadline,
            CompletableFuture<Void> stopped, Duration formationTimeout) throws InterruptedException {
        Cluster cluster = Cluster.get(system);
        Set<String> seen = Set.of();
        while (true) {
            ClusterEvent.CurrentClusterState state = cluster.state();
            Map<String, Set<String>> members = new TreeMap<>();
            int up = 0;
            for (Member m : state.getMembers()) {
                members.put(hostPort(m.address()), m.getRoles());
                if (m.status() == MemberStatus.up()) {
                    up++;
                }
            }
            if (!state.getUnreachable().isEmpty()) {
                Member m = state.getUnreachable().iterator().next();
                throw new WaxwingException("lost the process at " + hostPort(m.address()) + " while the cluster formed:"
                        + " it became unreachable (it crashed, was killed, or the network failed)");
            }
            try {
                bootstrap.checkCounts(members);
            } catch (IllegalStateException e) {
                throw new WaxwingException(e.getMessage(), e);
            }
            if (!members.keySet().equals(seen)) {
                seen = Set.copyOf(members.keySet());
                LOG.info("cluster members so far ({} of {} up): {}", up, bootstrap.processes(), seen);
            }
            if (cluster.selfMember().status() == MemberStatus.up() && up == bootstrap.processes()
                    && members.size() == bootstrap.processes()) {
                try {
                    return bootstrap.order(members);
                } catch (IllegalStateException e) {
                    throw new WaxwingException(e.getMessage(), e);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                String timeout = formationTimeout.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
                throw new WaxwingException("the cluster did not form within " + timeout + " (waxwing.cluster"
                        + ".formation-timeout): " + (members.isEmpty() || cluster.selfMember().status()
                                != MemberStatus.up()
                        ? "Cluster Bootstrap did not find " + bootstrap.processes() + " contact points through "
                                + bootstrap.lookup() + "; check that every process runs with the same discovery"
                                + " settings and that their management ports are reachable"
                        : up + " of " + bootstrap.processes() + " processes joined (" + members.keySet() + ")"));
            }
            try {
                stopped.get(Math.min(50, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))), TimeUnit.MILLISECONDS);
                return null;
            } catch (java.util.concurrent.TimeoutException e) {
                // Not stopped: look again.
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static String hostPort(Address a) {
        return a.host().get() + ":" + a.port().get();
    }
}
