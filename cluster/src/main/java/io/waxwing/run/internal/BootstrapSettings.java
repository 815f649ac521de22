package io.waxwing.run.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The bootstrap formation's settings ({@code waxwing.cluster.formation = bootstrap}), read from
 * Pekko's own {@code pekko.management.cluster.bootstrap} and {@code pekko.discovery} sections and
 * checked before anything starts, and the rule that numbers the processes once they are members.
 *
 * <p>Every process carries its process count, and its id when it knows one (a StatefulSet pod's
 * ordinal), as cluster roles: {@code waxwing-processes-N} and {@code waxwing-process-I}. Once N
 * members are up, each process reads the roles: a member with a different count stops the
 * formation; with ids, process {@code i} is the member with role {@code waxwing-process-i};
 * without, the members' addresses sorted by host, then port, give the ids. The same addresses
 * give the same ids, so a process restarted on its address owns the same recovery partitions.
 *
 * @param processes      the number of processes ({@code --processes})
 * @param processId      this process's id when known in advance (a pod ordinal), else {@code null}
 * @param selfAddress    this process's {@code HOST:PORT} for Artery, or {@code null}: Pekko's
 *                       {@code pekko.remote.artery.canonical} settings
 * @param method         the discovery method: {@code config}, {@code pekko-dns}, {@code kubernetes-api}…
 * @param serviceName    the service discovery looks up
 * @param lookup         what discovery looks up, for messages
 */
public record BootstrapSettings(int processes, Integer processId, String selfAddress, String method,
        String serviceName, String lookup) {
    static final String PROCESSES_ROLE = "waxwing-processes-";
    static final String PROCESS_ROLE = "waxwing-process-";
    private static final String DISCOVERY = "pekko.management.cluster.bootstrap.contact-point-discovery.";

    /**
     * Reads and checks the settings.
     *
     * @throws IllegalArgumentException naming the setting that is missing or wrong, and the fix
     */
    public static BootstrapSettings of(Config root, int processes, Integer processId, String selfAddress) {
        if (processes < 1) {
            throw new IllegalArgumentException("the bootstrap formation needs the number of processes (at least 1),"
                    + " got " + processes + "; give --processes N or WAXWING_PROCESSES");
        }
        if (processId != null && (processId < 0 || processId >= processes)) {
            throw new IllegalArgumentException("process id " + processId + " is outside 0.." + (processes - 1)
                    + " for " + processes + " processes; the StatefulSet's replica count and --processes"
                    + " (WAXWING_PROCESSES) must agree");
        }
        if (selfAddress != null) {
            ProcessRun.parse(selfAddress);
        }
        if (!root.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
            throw new IllegalArgumentException("pekko.cluster.seed-nodes is set, but the bootstrap formation finds"
                    + " the other processes through service discovery: remove the seed nodes");
        }
        String method = root.getString(DISCOVERY + "discovery-method");
        if (method.equals("pekko.discovery")) {
            method = root.getString("pekko.discovery.method");
        }
        if (method.equals("<method>") || method.isBlank()) {
            throw new IllegalArgumentException("the bootstrap formation needs a discovery method: set " + DISCOVERY
                    + "discovery-method to config, pekko-dns or kubernetes-api (docs/deployment.md)");
        }
        if (!root.hasPath(ConfigUtil.joinPath("pekko", "discovery", method, "class"))) {
            throw new IllegalArgumentException("discovery method '" + method + "' (" + DISCOVERY
                    + "discovery-method) is not configured under pekko.discovery; use config, pekko-dns or"
                    + " kubernetes-api");
        }
        String service = root.getString(DISCOVERY + "service-name");
        if (service.equals("<service-name>") || service.isBlank()) {
            service = "waxwing"; // Pekko's default: the actor system's name (ProcessRun)
        }
        String effective = root.getString(DISCOVERY + "effective-name");
        String namespace = root.getString(DISCOVERY + "service-namespace");
        if (effective.equals("<effective-name>") || effective.isBlank()) {
            effective = namespace.equals("<service-namespace>") || namespace.isBlank() ? service
                    : service + "." + namespace;
        }
        String portName = root.getString(DISCOVERY + "port-name");
        String protocol = root.getString(DISCOVERY + "protocol");
        String lookup;
        switch (method) {
            case "config" -> {
                String path = ConfigUtil.joinPath("pekko", "discovery", "config", "services", effective, "endpoints");
                if (!root.hasPath(path)) {
                    throw new IllegalArgumentException("discovery method config lists no service '" + effective
                            + "': set " + path + " = [{host = H, port = P}, ...], every process's management host"
                            + " and port");
                }
                int endpoints = root.getList(path).size();
                if (endpoints < processes) {
                    throw new IllegalArgumentException("discovery method config lists " + endpoints
                            + " contact point" + (endpoints == 1 ? "" : "s") + " for service '" + effective
                            + "' (" + path + ") but " + processes + " processes must form the cluster: list every"
                            + " process's management host and port, or correct --processes");
                }
                lookup = "service '" + effective + "' in pekko.discovery.config (" + endpoints + " endpoints)";
            }
            case "pekko-dns" -> lookup = portName.isEmpty()
                    ? "DNS A/AAAA records of " + effective + " (pekko-dns)"
                    : "DNS SRV records of _" + portName + "._" + protocol + "." + effective + " (pekko-dns)";
            case "kubernetes-api" -> lookup = "pods labelled " + labelSelector(root, effective)
                    + (portName.isEmpty() ? "" : ", port '" + portName + "'") + " (kubernetes-api)";
            default -> lookup = "service '" + effective + "' (" + method + ")";
        }
        return new BootstrapSettings(processes, processId, selfAddress, method, effective, lookup);
    }

    /** The label selector the kubernetes-api method lists pods with: its pattern applied to the service name. */
    static String labelSelector(Config root, String serviceName) {
        return String.format(root.getString("pekko.discovery.kubernetes-api.pod-label-selector"), serviceName);
    }

    /** The roles this process carries: its process count, and its id when known. */
    List<String> roles() {
        List<String> roles = new ArrayList<>(List.of(PROCESSES_ROLE + processes));
        if (processId != null) {
            roles.add(PROCESS_ROLE + processId);
        }
        return roles;
    }

    /** The actor system's settings for this formation, over {@code base} (without the fallback to root). */
    Config systemConfig(Config root) {
        Config c = ConfigFactory.empty()
                .withValue("pekko.actor.provider", ConfigValueFactory.fromAnyRef("cluster"))
                .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(roles()))
                .withValue(DISCOVERY + "required-contact-point-nr", ConfigValueFactory.fromAnyRef(processes));
        String host = null;
        if (selfAddress != null) {
            String[] self = ProcessRun.parse(selfAddress);
            host = self[0];
            c = c.withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(self[0]))
                    .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(
                            Integer.parseInt(self[1])));
        }
        Config management = root.getConfig("waxwing.management");
        if (!management.getIsNull("port")) {
            c = c.withValue("pekko.management.http.port", ConfigValueFactory.fromAnyRef(management.getInt("port")));
        }
        // The contact point this process advertises is its own host, as discovery returns it (Cluster
        // Bootstrap recognises itself among the contact points by it); waxwing.management.host, when
        // set (0.0.0.0 on Kubernetes), is only the interface the server binds.
        String managementHost = management.getString("host");
        if (host != null) {
            c = c.withValue("pekko.management.http.hostname", ConfigValueFactory.fromAnyRef(host));
        } else if (!managementHost.isEmpty() && !managementHost.equals("0.0.0.0") && !managementHost.equals("::")) {
            c = c.withValue("pekko.management.http.hostname", ConfigValueFactory.fromAnyRef(managementHost));
        }
        if (!managementHost.isEmpty()) {
            c = c.withValue("pekko.management.http.bind-hostname", ConfigValueFactory.fromAnyRef(managementHost));
        }
        return c;
    }

    /**
     * Every process's address in process order, from the members' addresses ({@code HOST:PORT}) and
     * roles once {@link #processes} of them are up.
     *
     * @throws IllegalStateException when the members do not agree on the count or the ids
     */
    List<String> order(Map<String, Set<String>> members) {
        checkCounts(members);
        if (members.size() != processes) {
            throw new IllegalStateException(members.size() + " of " + processes + " processes are members: "
                    + members.keySet());
        }
        Map<Integer, String> byId = new TreeMap<>();
        for (Map.Entry<String, Set<String>> m : members.entrySet()) {
            Integer id = roleNumber(m.getValue(), PROCESS_ROLE);
            if (id != null) {
                String other = byId.put(id, m.getKey());
                if (other != null) {
                    throw new IllegalStateException("the processes at " + other + " and " + m.getKey()
                            + " both have process id " + id + ": give each process its own pod ordinal or -i");
                }
            }
        }
        if (byId.size() == processes) {
            return List.copyOf(byId.values());
        }
        if (!byId.isEmpty()) {
            throw new IllegalStateException("only some processes have a process id (" + byId + ") among "
                    + members.keySet() + ": give every process its pod ordinal (WAXWING_POD_NAME and"
                    + " WAXWING_STATEFULSET_NAME) or none");
        }
        List<String> sorted = new ArrayList<>(members.keySet());
        sorted.sort(Comparator.comparing((String a) -> a.substring(0, a.lastIndexOf(':')))
                .thenComparingInt(a -> Integer.parseInt(a.substring(a.lastIndexOf(':') + 1))));
        return List.copyOf(sorted);
    }

    /**
     * Checks what can be checked before every process is a member: every member was started for
     * {@link #processes} processes, and there are not more of them.
     *
     * @throws IllegalStateException naming the member that disagrees
     */
    void checkCounts(Map<String, Set<String>> members) {
        for (Map.Entry<String, Set<String>> m : members.entrySet()) {
            Integer count = roleNumber(m.getValue(), PROCESSES_ROLE);
            if (count == null || count != processes) {
                throw new IllegalStateException("the process at " + m.getKey() + " was started for "
                        + (count == null ? "another formation" : count + " processes") + ", this one for "
                        + processes + ": give every process the same --processes (WAXWING_PROCESSES)");
            }
        }
        if (members.size() > processes) {
            throw new IllegalStateException(members.size() + " processes joined the cluster but --processes is "
                    + processes + " (members " + members.keySet() + "): discovery finds more processes than"
                    + " --processes says; correct --processes or the discovery settings");
        }
    }

    private static Integer roleNumber(Set<String> roles, String prefix) {
        for (String r : roles) {
            if (r.startsWith(prefix) && r.length() > prefix.length()) {
                try {
                    return Integer.parseInt(r.substring(prefix.length()));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
