package io.waxwing.run.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.waxwing.engine.DataflowPlan;
import io.waxwing.engine.EngineConfig;
import io.waxwing.errors.WaxwingException;
import io.waxwing.recovery.RecoveryException;
import io.waxwing.recovery.runtime.ProcessShare;
import io.waxwing.recovery.runtime.WholeStore;
import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.BootstrapSetup;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.LoggerFactory;

/**
 * {@code clusterMain}: this process's part of an execution. One ActorSystem for the execution —
 * local when there are no addresses, a member of a Pekko Cluster over Artery when there are — is
 * created, runs the workers, and is torn down, threads and all, before the call returns.
 */
public final class ProcessRun {
    private ProcessRun() {
    }

    /**
     * Runs this process's part. The recovery store is opened in this process's actor system, as
     * {@code recovery} says: whole, or — when its partitions are spread over the processes — this
     * process's share, partition {@code i} when {@code i % addresses.size() == procId}, the others
     * being reached through the processes that own them.
     */
    public static void run(DataflowPlan flow, List<String> addresses, int procId, int workersPerProc,
            EngineConfig config, RecoveryMode recovery, Config root) {
        run(flow, addresses, procId, workersPerProc, config, recovery, root, new CompletableFuture<>());
    }

    /**
     * {@link #run(DataflowPlan, List, int, int, EngineConfig, RecoveryMode, Config)}, completing
     * {@code outcome} with how the execution ended here once it ran; it stays incomplete when the
     * call failed before the execution started (the actor system or the recovery store could not
     * be opened).
     */
    public static void run(DataflowPlan flow, List<String> addresses, int procId, int workersPerProc,
            EngineConfig config, RecoveryMode recovery, Config root, CompletableFuture<Outcome> outcome) {
        List<String> addrs = List.copyOf(addresses);
        for (String a : addrs) {
            parse(a);
        }
        if (!addrs.isEmpty() && (procId < 0 || procId >= addrs.size())) {
            throw new IllegalArgumentException("process id " + procId + " is outside the address list "
                    + addrs + " (ids go from 0 to " + (addrs.size() - 1) + ")");
        }
        ProcessSupervisor.Topology topology = new ProcessSupervisor.Topology(addrs, procId, workersPerProc);
        ProcessSupervisor.Settings settings = new ProcessSupervisor.Settings(
                root.getDuration("waxwing.cluster.formation-timeout"),
                root.getBytes("pekko.remote.artery.advanced.maximum-frame-size"),
                root.getBytes("waxwing.cluster.exchange-message-size"),
                root.getDuration("waxwing.cluster.stop-timeout"));
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ProcessRun.class.getClassLoader();
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        ActorSystem<ProcessSupervisor.Command> system;
        try {
            system = ActorSystem.create(ProcessSupervisor.create(result, outcome), "waxwing",
                    BootstrapSetup.create().withConfig(systemConfig(addrs, procId, workersPerProc, root))
                            .withClassloader(loader));
        } catch (RuntimeException e) {
            throw startFailure(e, addrs, procId);
        }
        ProcessRecovery opened = new ProcessRecovery.None();
        StopSignal stop = null;
        try {
            opened = open(recovery, system, topology, root);
            ProcessSupervisor.Plan plan = new ProcessSupervisor.Plan(flow, topology, config,
                    DataflowFingerprint.of(flow.flow(), workersPerProc), settings, opened);
            system.tell(new ProcessSupervisor.Start(plan));
            stop = StopSignal.register(() -> system.tell(ProcessSupervisor.StopLocal.INSTANCE));
            await(result);
        } finally {
            if (stop != null) {
                stop.unregister();
                if (topology.clustered() && procId == 0) {
                    awaitOthersEnded(system, addrs, root.getDuration("waxwing.cluster.end-timeout"));
                }
            }
            opened.close();
            if (topology.clustered()) {
                downUnreachable(system);
            }
            system.terminate();
            awaitTermination(system, root.getDuration("waxwing.runtime.shutdown-timeout"));
        }
    }

    /**
     * Opens the recovery store as entities of {@code system}, from this thread (it waits for the
     * journals). A share that cannot be opened is reported to the coordinator, which ends the
     * execution everywhere; a whole store that cannot be opened fails this call at once.
     */
    static ProcessRecovery open(RecoveryMode mode, ActorSystem<?> system, ProcessSupervisor.Topology topology,
            Config root) {
        if (mode instanceof RecoveryMode.Whole w) {
            return new ProcessRecovery.Whole(WholeStore.open(w.config(), system), w.config().dbDir());
        } else if (mode instanceof RecoveryMode.Spread s) {
            try {
                return new ProcessRecovery.Share(ProcessShare.open(s.config(), system, topology.procId(),
                        topology.procCount(), (int) Math.min(Integer.MAX_VALUE,
                                root.getBytes("waxwing.cluster.recovery-message-size"))), s.config().dbDir());
            } catch (RecoveryException e) {
                return new ProcessRecovery.ShareRefused(e, s.config().dbDir());
            }
        }
        return new ProcessRecovery.None();
    }

    /**
     * Process 0 holds the coordinator: it stops last, once every other member of the cluster has
     * ended its part (and so has received the end), or is unreachable, so that no process waits
     * for a coordinator that is gone. Bounded by {@code timeout}. Processes do not leave the
     * cluster: they all stop at once, and leaving would cost every process a few gossip rounds.
     * Which processes ended is asked of the coordinator, which alone keeps it.
     */
    /** Waits for this process's end of the execution; throws its failure as it was raised. */
    static void await(CompletableFuture<Void> result) {
        try {
            result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WaxwingException("clusterMain was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new WaxwingException("execution failed: " + cause, cause);
        }
    }

    static void awaitOthersEnded(ActorSystem<ProcessSupervisor.Command> system, List<String> addresses,
            Duration timeout) {
        Cluster cluster = Cluster.get(system);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Set<Integer> ended;
            try {
                ended = AskPattern.<ProcessSupervisor.Command, Set<Integer>>ask(system,
                        ProcessSupervisor.WhichEnded::new, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())),
                        system.scheduler()).toCompletableFuture().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                return;
            }
            ClusterEvent.CurrentClusterState state = cluster.state();
            boolean othersEnded = true;
            for (Member m : state.getMembers()) {
                int p = ProcessSupervisor.processAt(m.address(), addresses);
                boolean gone = ended.contains(p) || m.status() == MemberStatus.down()
                        || m.status() == MemberStatus.removed() || state.getUnreachable().contains(m);
                if (!m.equals(cluster.selfMember()) && !gone) {
                    othersEnded = false;
                    break;
                }
            }
            if (othersEnded) {
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Marks the members this process cannot reach as down before it leaves the cluster: the
     * others' leaving cannot converge while a lost member counts as merely unreachable, and the
     * actor system would take the cluster phases' timeouts (many seconds) to terminate, holding
     * its port — which a restart in this JVM binds again.
     */
    private static void downUnreachable(ActorSystem<?> system) {
        Cluster cluster = Cluster.get(system);
        for (Member m : cluster.state().getUnreachable()) {
            cluster.manager().tell(new org.apache.pekko.cluster.typed.Down(m.address()));
        }
    }

    static Config systemConfig(List<String> addrs, int procId, int workersPerProc, Config root) {
        Config c = ConfigFactory.empty()
                .withValue("waxwing.worker-dispatcher.thread-pool-executor.fixed-pool-size",
                        ConfigValueFactory.fromAnyRef(workersPerProc));
        if (!addrs.isEmpty()) {
            String[] self = parse(addrs.get(procId));
            // Process 0 forms the cluster at once, joining itself; the others join it (or any
            // member) as soon as they reach it. Pekko would have the first seed node wait out
            // seed-node-timeout for an existing cluster first, but a Waxwing cluster lives for one
            // execution: there is none to find.
            List<String> seeds = new ArrayList<>();
            for (String a : procId == 0 ? List.of(addrs.get(0)) : addrs) {
                seeds.add("pekko://waxwing@" + a);
            }
            c = c.withValue("pekko.actor.provider", ConfigValueFactory.fromAnyRef("cluster"))
                    .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(self[0]))
                    .withValue("pekko.remote.artery.canonical.port",
                            ConfigValueFactory.fromAnyRef(Integer.parseInt(self[1])))
                    .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds));
            if (procId == 0) {
                // Process 0 stops last, once every other process has confirmed the end
                // (awaitOthersEnded): nothing it sent is unconfirmed, and the peers it would flush
                // to are gone — do not wait for their acknowledgements.
                c = c.withValue("pekko.remote.artery.advanced.shutdown-flush-timeout",
                        ConfigValueFactory.fromAnyRef("50ms"));
            }
            if (root.getBoolean("waxwing.cluster.tls.enabled")) {
                c = c.withFallback(tlsConfig(root.getConfig("waxwing.cluster.tls")));
            }
        }
        return StartupSettings.of(c, root, addrs.isEmpty());
    }

    /** Artery's TLS transport, with mutual authentication, from {@code waxwing.cluster.tls}. */
    static Config tlsConfig(Config tls) {
        String keyStore = requireFile(tls, "key-store");
        String trustStore = requireFile(tls, "trust-store");
        String keyPassword = tls.getString("key-password").isEmpty() ? tls.getString("key-store-password")
                : tls.getString("key-password");
        String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
        return ConfigFactory.empty()
                .withValue("pekko.remote.artery.transport", ConfigValueFactory.fromAnyRef("tls-tcp"))
                .withValue(engine + "key-store", ConfigValueFactory.fromAnyRef(keyStore))
                .withValue(engine + "key-store-password",
                        ConfigValueFactory.fromAnyRef(tls.getString("key-store-password")))
                .withValue(engine + "key-password", ConfigValueFactory.fromAnyRef(keyPassword))
                .withValue(engine + "trust-store", ConfigValueFactory.fromAnyRef(trustStore))
                .withValue(engine + "trust-store-password",
                        ConfigValueFactory.fromAnyRef(tls.getString("trust-store-password")))
                .withValue(engine + "require-mutual-authentication", ConfigValueFactory.fromAnyRef(true));
    }

    private static String requireFile(Config tls, String key) {
        String path = tls.getString(key);
        if (path.isEmpty() || !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(path))) {
            throw new IllegalArgumentException("waxwing.cluster.tls.enabled is on but waxwing.cluster.tls." + key
                    + " is " + (path.isEmpty() ? "not set" : "'" + path + "', which is not a file")
                    + "; give the path of a PKCS12 or JKS store");
        }
        return path;
    }

    /** Splits {@code host:port}, or says clearly why it is not one. */
    static String[] parse(String address) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("address '" + address + "' is not of the form HOST:PORT");
        }
        String port = address.substring(colon + 1);
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address '" + address + "' has no valid port (1-65535)");
        }
        return new String[] {address.substring(0, colon), port};
    }

    private static RuntimeException startFailure(RuntimeException e, List<String> addrs, int procId) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return new AddressInUseException("address " + addrs.get(procId) + " of process " + procId
                        + " is already in use (" + t.getMessage() + "); choose a free port or stop the program"
                        + " that holds it", e);
            }
        }
        return new WaxwingException("could not start the actor system for process " + procId + ": " + e, e);
    }

    static void awaitTermination(ActorSystem<?> system, Duration timeout) {
        try {
            system.getWhenTerminated().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LoggerFactory.getLogger(ProcessRun.class).warn("the actor system did not terminate within {}", timeout, e);
        }
    }
}
