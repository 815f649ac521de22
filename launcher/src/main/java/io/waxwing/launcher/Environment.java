package io.waxwing.launcher;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code WAXWING_*} environment variables that give the launcher's options their defaults
 * (SPEC §6), read with errors that name the variable. A variable that is set to an empty or blank
 * value counts as unset, as a deployment template often leaves them so.
 */
final class Environment {
    static final String WORKERS_PER_PROCESS = "WAXWING_WORKERS_PER_PROCESS";
    static final String PROCESS_ID = "WAXWING_PROCESS_ID";
    static final String ADDRESSES = "WAXWING_ADDRESSES";
    static final String EPOCH_INTERVAL = "WAXWING_EPOCH_INTERVAL";
    static final String RECOVERY_DIR = "WAXWING_RECOVERY_DIR";
    static final String BACKUP_INTERVAL = "WAXWING_BACKUP_INTERVAL";
    static final String CLASSPATH = "WAXWING_CLASSPATH";
    static final String MANAGEMENT_PORT = "WAXWING_MANAGEMENT_PORT";
    static final String MANAGEMENT_HOST = "WAXWING_MANAGEMENT_HOST";
    static final String POD_NAME = "WAXWING_POD_NAME";
    static final String STATEFULSET_NAME = "WAXWING_STATEFULSET_NAME";
    static final String HOSTFILE_PATH = "WAXWING_HOSTFILE_PATH";
    static final String BOOTSTRAP = "WAXWING_BOOTSTRAP";
    static final String PROCESSES = "WAXWING_PROCESSES";
    static final String BIND = "WAXWING_BIND";

    private final Map<String, String> variables;

    Environment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    /** This environment without {@code names} (the bootstrap formation has read them itself). */
    Environment without(String... names) {
        Map<String, String> rest = new java.util.HashMap<>(variables);
        for (String n : names) {
            rest.remove(n);
        }
        return new Environment(rest);
    }

    /** The variable's value, stripped, or {@code null} when it is unset or blank. */
    String string(String name) {
        String v = variables.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        return v.strip();
    }

    /** The variable as a whole number, or {@code null} when unset. */
    Integer integer(String name) {
        String v = string(name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new LaunchException(name + "='" + v + "' is not a whole number");
        }
    }

    /** The variable as a duration (see {@link DurationParser}), or {@code null} when unset. */
    Duration duration(String name) {
        String v = string(name);
        if (v == null) {
            return null;
        }
        try {
            return DurationParser.parse(v);
        } catch (IllegalArgumentException e) {
            throw new LaunchException(name + ": " + e.getMessage());
        }
    }
}
