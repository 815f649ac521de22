package io.waxwing.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where this process stands in its cluster: its index and every process's address, resolved from
 * the command line, then the environment, then the Kubernetes conventions (SPEC §6):
 *
 * <ul>
 *   <li>process id: {@code -i/--process-id}, else {@code WAXWING_PROCESS_ID}, else — when both
 *       {@code WAXWING_POD_NAME} and {@code WAXWING_STATEFULSET_NAME} are set — the pod's ordinal
 *       (pod {@code waxwing-2} of statefulset {@code waxwing} is process 2);</li>
 *   <li>addresses: {@code -a/--addresses} (repeated, or {@code ;}-separated), else
 *       {@code WAXWING_ADDRESSES} ({@code ;}-separated), else the non-blank lines of the file named
 *       by {@code WAXWING_HOSTFILE_PATH}.</li>
 * </ul>
 *
 * <p>A process id without addresses is an error, and so is an id outside the address list. With
 * several addresses the process id is required (every process defaulting to 0 would start a
 * cluster of copies of process 0); with exactly one address it defaults to 0.
 *
 * @param processId this process's index, or {@code null} for a single process without addresses
 * @param addresses every process's {@code HOST:PORT}, in process order; empty for a single process
 */
record ClusterOptions(Integer processId, List<String> addresses) {

    ClusterOptions {
        addresses = List.copyOf(addresses);
    }

    /**
     * Resolves the process id and addresses.
     *
     * @param processIdOption the {@code --process-id} value, or {@code null} when absent
     * @param addressOptions  the {@code --addresses} values, or {@code null}/empty when absent
     * @throws LaunchException naming the option or variable that is wrong
     */
    static ClusterOptions resolve(Integer processIdOption, List<String> addressOptions, Environment env) {
        Source<List<String>> addresses = addresses(addressOptions, env);
        Source<Integer> processId = processId(processIdOption, env);

        if (processId.value() == null) {
            if (addresses.value().size() > 1) {
                throw new LaunchException(addresses.origin() + " lists " + addresses.value().size()
                        + " processes but no process id was given; give this process's index (0.."
                        + (addresses.value().size() - 1) + ") with -i/--process-id or " + Environment.PROCESS_ID);
            }
            return new ClusterOptions(addresses.value().isEmpty() ? null : 0, addresses.value());
        }
        int id = processId.value();
        if (addresses.value().isEmpty()) {
            throw new LaunchException(processId.origin() + " gives process id " + id
                    + " but no addresses were given; list every process's HOST:PORT with -a/--addresses, "
                    + Environment.ADDRESSES + " or " + Environment.HOSTFILE_PATH);
        }
        if (id < 0 || id >= addresses.value().size()) {
            throw new LaunchException(processId.origin() + " gives process id " + id
                    + ", which is outside the address list: " + addresses.origin() + " lists "
                    + addresses.value().size() + " process" + (addresses.value().size() == 1 ? "" : "es")
                    + " (ids 0.." + (addresses.value().size() - 1) + ")");
        }
        return new ClusterOptions(id, addresses.value());
    }

    /** A resolved value and where it came from, for error messages. */
    private record Source<T>(T value, String origin) {
    }

    private static Source<Integer> processId(Integer option, Environment env) {
        if (option != null) {
            return new Source<>(option, "--process-id");
        }
        Integer fromEnv = env.integer(Environment.PROCESS_ID);
        if (fromEnv != null) {
            return new Source<>(fromEnv, Environment.PROCESS_ID);
        }
        String pod = env.string(Environment.POD_NAME);
        String statefulSet = env.string(Environment.STATEFULSET_NAME);
        if (pod != null && statefulSet != null) {
            return new Source<>(podOrdinal(pod, statefulSet),
                    "pod " + Environment.POD_NAME + "='" + pod + "'");
        }
        return new Source<>(null, "none");
    }

    /** The ordinal of a statefulset's pod: pods of statefulset {@code s} are {@code s-0}, {@code s-1}… */
    static int podOrdinal(String pod, String statefulSet) {
        String prefix = statefulSet + "-";
        String rest = pod.startsWith(prefix) ? pod.substring(prefix.length()) : "";
        if (!rest.isEmpty() && rest.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Integer.parseInt(rest);
            } catch (NumberFormatException e) {
                // Too many digits: reported below like any other malformed name.
            }
        }
        throw new LaunchException(Environment.POD_NAME + "='" + pod + "' is not a pod of statefulset "
                + Environment.STATEFULSET_NAME + "='" + statefulSet + "' (expected " + prefix + "<ordinal>)");
    }

    private static Source<List<String>> addresses(List<String> options, Environment env) {
        if (options != null && !options.isEmpty()) {
            return new Source<>(checked(splitAll(options), "--addresses"), "--addresses");
        }
        String fromEnv = env.string(Environment.ADDRESSES);
        if (fromEnv != null) {
            return new Source<>(checked(splitAll(List.of(fromEnv)), Environment.ADDRESSES), Environment.ADDRESSES);
        }
        String hostfile = env.string(Environment.HOSTFILE_PATH);
        if (hostfile != null) {
            String origin = Environment.HOSTFILE_PATH + " file '" + hostfile + "'";
            List<String> lines = readHostfile(hostfile, origin);
            return new Source<>(checked(lines, origin), origin);
        }
        return new Source<>(List.of(), "no addresses");
    }

    private static List<String> splitAll(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String part : v.split(";")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    private static List<String> readHostfile(String file, String origin) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new LaunchException("cannot read the " + origin + ": " + e);
        }
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                out.add(line.strip());
            }
        }
        if (out.isEmpty()) {
            throw new LaunchException("the " + origin + " lists no addresses (one HOST:PORT a line)");
        }
        return out;
    }

    private static List<String> checked(List<String> addresses, String origin) {
        for (String a : addresses) {
            int colon = a.lastIndexOf(':');
            String host = colon > 0 ? a.substring(0, colon) : "";
            String port = colon > 0 ? a.substring(colon + 1) : "";
            boolean ok = !host.isEmpty() && !port.isEmpty() && port.length() <= 5
                    && port.chars().allMatch(c -> c >= '0' && c <= '9') && Integer.parseInt(port) <= 65535;
            if (!ok) {
                throw new LaunchException(origin + ": '" + a + "' is not a HOST:PORT address");
            }
        }
        return addresses;
    }
}
