package io.waxwing.launcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.List;
import java.util.Locale;

/**
 * The bootstrap formation's options (docs/deployment.md): the cluster forms through Pekko Cluster
 * Bootstrap from service discovery instead of an address list.
 *
 * <ul>
 *   <li>on: {@code --bootstrap}, else {@code WAXWING_BOOTSTRAP} ({@code true}/{@code false}), else
 *       {@code waxwing.cluster.formation = bootstrap} in the configuration;</li>
 *   <li>the number of processes: {@code --processes}, else {@code WAXWING_PROCESSES} (required);</li>
 *   <li>this process's id: {@code -i}, else {@code WAXWING_PROCESS_ID}, else the pod ordinal
 *       ({@code WAXWING_POD_NAME}, {@code WAXWING_STATEFULSET_NAME}), else agreed after formation;</li>
 *   <li>this process's own cluster address: {@code --bind HOST:PORT}, else {@code WAXWING_BIND},
 *       else {@code pekko.remote.artery.canonical}.</li>
 * </ul>
 *
 * <p>Addresses ({@code -a}, {@code WAXWING_ADDRESSES}, {@code WAXWING_HOSTFILE_PATH}) are refused
 * in this mode: they belong to the static formation.
 *
 * @param enabled   whether the bootstrap formation is on
 * @param processes the number of processes (0 when off)
 * @param processId this process's id when known in advance, else {@code null}
 * @param bind      this process's {@code HOST:PORT}, or {@code null}
 */
record BootstrapOptions(boolean enabled, int processes, Integer processId, String bind) {
    static final BootstrapOptions OFF = new BootstrapOptions(false, 0, null, null);

    /**
     * Resolves the options.
     *
     * @param config the configuration the execution will use (for {@code waxwing.cluster.formation})
     * @throws LaunchException naming the option or variable that is wrong
     */
    static BootstrapOptions resolve(boolean bootstrapOption, Integer processesOption, Integer processIdOption,
            List<String> addressOptions, String bindOption, Environment env, Config config) {
        if (!enabled(bootstrapOption, env, config)) {
            if (processesOption != null || bindOption != null) {
                throw new LaunchException((processesOption != null ? "--processes" : "--bind")
                        + " belongs to the bootstrap formation; add --bootstrap (WAXWING_BOOTSTRAP=true), or give"
                        + " every process's address with -a/--addresses instead");
            }
            return OFF;
        }
        if (addressOptions != null && !addressOptions.isEmpty()) {
            throw new LaunchException("--bootstrap forms the cluster from service discovery, but -a/--addresses"
                    + " lists addresses: leave out the addresses, or drop --bootstrap for the static formation");
        }
        for (String variable : List.of(Environment.ADDRESSES, Environment.HOSTFILE_PATH)) {
            if (env.string(variable) != null) {
                throw new LaunchException("--bootstrap forms the cluster from service discovery, but " + variable
                        + " is set: unset it, or drop --bootstrap (WAXWING_BOOTSTRAP) for the static formation");
            }
        }
        Integer processes = processesOption;
        String origin = "--processes";
        if (processes == null) {
            processes = env.integer(Environment.PROCESSES);
            origin = Environment.PROCESSES;
        }
        if (processes == null) {
            throw new LaunchException("--bootstrap needs the number of processes: give --processes N or "
                    + Environment.PROCESSES + " (on Kubernetes, the StatefulSet's replica count)");
        }
        if (processes < 1) {
            throw new LaunchException(origin + " must be at least 1, got " + processes);
        }
        Integer id = processIdOption;
        String idOrigin = "--process-id";
        if (id == null) {
            id = env.integer(Environment.PROCESS_ID);
            idOrigin = Environment.PROCESS_ID;
        }
        if (id == null) {
            String pod = env.string(Environment.POD_NAME);
            String statefulSet = env.string(Environment.STATEFULSET_NAME);
            if (pod != null && statefulSet != null) {
                id = ClusterOptions.podOrdinal(pod, statefulSet);
                idOrigin = "pod " + Environment.POD_NAME + "='" + pod + "'";
            }
        }
        if (id != null && (id < 0 || id >= processes)) {
            throw new LaunchException(idOrigin + " gives process id " + id + ", which is outside 0.."
                    + (processes - 1) + " for " + origin + " " + processes
                    + "; the process count and the ids must agree");
        }
        String bind = bindOption != null ? bindOption.strip() : env.string(Environment.BIND);
        if (bind != null) {
            int colon = bind.lastIndexOf(':');
            String port = colon > 0 ? bind.substring(colon + 1) : "";
            if (colon <= 0 || port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new LaunchException((bindOption != null ? "--bind" : Environment.BIND) + ": '" + bind
                        + "' is not a HOST:PORT address (port 1-65535)");
            }
        }
        return new BootstrapOptions(true, processes, id, bind);
    }

    private static boolean enabled(boolean option, Environment env, Config config) {
        if (option) {
            return true;
        }
        String fromEnv = env.string(Environment.BOOTSTRAP);
        if (fromEnv != null) {
            return switch (fromEnv.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw new LaunchException(Environment.BOOTSTRAP + "='" + fromEnv
                        + "' is neither true nor false");
            };
        }
        String formation;
        try {
            formation = config.getString("waxwing.cluster.formation");
        } catch (ConfigException e) {
            throw new LaunchException("configuration: " + e.getMessage());
        }
        return switch (formation) {
            case "bootstrap" -> true;
            case "static" -> false;
            default -> throw new LaunchException("waxwing.cluster.formation = '" + formation
                    + "' is neither static nor bootstrap");
        };
    }
}
