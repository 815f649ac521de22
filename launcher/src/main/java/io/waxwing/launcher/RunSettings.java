package io.waxwing.launcher;

import io.waxwing.recovery.RecoveryConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything the run needs besides the dataflow, resolved from the command line first and the
 * {@code WAXWING_*} environment second (SPEC §6), and checked before anything is loaded.
 *
 * @param workersPerProcess worker threads in this process (at least 1)
 * @param cluster           this process's id and every process's address
 * @param epochInterval     how much system time each epoch spans
 * @param recoveryConfig    the recovery store, or {@code null} when recovery is off
 * @param classPath         the user's jars and folders
 */
record RunSettings(int workersPerProcess, ClusterOptions cluster, Duration epochInterval,
        RecoveryConfig recoveryConfig, UserClassPath classPath) {
    /** The epoch interval when neither {@code --epoch-interval} nor its variable is given. */
    static final Duration DEFAULT_EPOCH_INTERVAL = Duration.ofSeconds(10);
    /** The backup interval when neither {@code --backup-interval} nor its variable is given. */
    static final Duration DEFAULT_BACKUP_INTERVAL = Duration.ZERO;

    /**
     * Resolves the settings; each parameter is the option's value, or {@code null} when the option
     * was not given.
     *
     * @throws LaunchException naming the option or environment variable that is wrong
     */
    static RunSettings resolve(Integer workersOption, Integer processIdOption, List<String> addressOptions,
            Duration epochOption, Path recoveryDirOption, Duration backupOption, List<String> classPathOptions,
            Environment env) {
        int workers;
        if (workersOption != null) {
            workers = atLeastOne(workersOption, "--workers-per-process");
        } else {
            Integer fromEnv = env.integer(Environment.WORKERS_PER_PROCESS);
            workers = fromEnv == null ? 1 : atLeastOne(fromEnv, Environment.WORKERS_PER_PROCESS);
        }

        ClusterOptions cluster = ClusterOptions.resolve(processIdOption, addressOptions, env);

        Duration epoch = epochOption != null ? epochOption : env.duration(Environment.EPOCH_INTERVAL);
        if (epoch == null) {
            epoch = DEFAULT_EPOCH_INTERVAL;
        }

        Path recoveryDir = recoveryDirOption;
        if (recoveryDir == null && env.string(Environment.RECOVERY_DIR) != null) {
            recoveryDir = Path.of(env.string(Environment.RECOVERY_DIR));
        }
        Duration backup = backupOption != null ? backupOption : env.duration(Environment.BACKUP_INTERVAL);
        if (backup == null) {
            backup = DEFAULT_BACKUP_INTERVAL;
        }
        RecoveryConfig recovery = recoveryDir == null ? null : new RecoveryConfig(recoveryDir, backup);

        UserClassPath classPath;
        if (classPathOptions != null && !classPathOptions.isEmpty()) {
            classPath = UserClassPath.parse(String.join(java.io.File.pathSeparator, classPathOptions), "--classpath");
        } else if (env.string(Environment.CLASSPATH) != null) {
            classPath = UserClassPath.parse(env.string(Environment.CLASSPATH), Environment.CLASSPATH);
        } else {
            classPath = UserClassPath.none();
        }
        return new RunSettings(workers, cluster, epoch, recovery, classPath);
    }

    private static int atLeastOne(int n, String origin) {
        if (n < 1) {
            throw new LaunchException(origin + " must be at least 1, got " + n);
        }
        return n;
    }
}
