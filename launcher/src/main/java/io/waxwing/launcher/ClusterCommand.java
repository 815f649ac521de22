package io.waxwing.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar launcher.jar cluster -p N [OPTIONS] IMPORT_STR}: a cluster of {@code N}
 * launcher processes on this machine in one command, like Bytewax's
 * {@code python -m bytewax.testing -p N}. It checks the options once, then {@link LocalCluster}
 * starts the processes (ids {@code 0..N-1}, 127.0.0.1 with free ports, the same java, jar, JVM
 * flags and run options), prefixes their output lines with their id, stops them all on SIGINT or
 * SIGTERM or when one fails, and exits with the code of SPEC §6.
 */
@Command(name = "cluster",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpWidth = 100,
        customSynopsis = "java -jar launcher.jar cluster -p N [OPTIONS] IMPORT_STR",
        description = {
            "",
            "Runs a dataflow on N launcher processes on this machine, like Bytewax's",
            "python -m bytewax.testing -p N: to try a dataflow on several processes, and in tests.",
            "In production run one launcher per host or pod with -i and -a instead (docs/deployment.md).",
            "",
            "The processes get ids 0..N-1 and free ports on 127.0.0.1, and run with the same java, the",
            "same JVM flags and system properties, and the options below. Each line they print on stdout",
            "and stderr comes out here prefixed with their id ('[0] '). SIGINT or SIGTERM stops them all;",
            "a process that fails makes the others stop, and the exit code is its own. The processes",
            "stop by themselves if this launcher is killed."
        },
        parameterListHeading = "%nArguments:%n",
        optionListHeading = "%nOptions (the run options fall back to their environment variable, as without"
                + " 'cluster'):%n",
        footerHeading = "%n",
        footer = {
            "Exit codes: 0 every process completed, 2 bad command line, 130 stopped by SIGINT, 143 by SIGTERM;",
            "otherwise the exit code of the first process that failed (1: the dataflow failed)."
        })
final class ClusterCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-p", "--processes"}, paramLabel = "N", required = true, order = 0,
            description = "How many processes to start, at least 1.")
    private int processes;

    @Option(names = "--no-stdout-prefix", order = 1,
            description = "Pass the processes' stdout lines on without the '[ID] ' prefix, so the output pipes"
                    + " as from one process (stderr lines keep it).")
    private boolean noStdoutPrefix;

    @Option(names = {"-w", "--workers-per-process"}, paramLabel = "N", order = 2,
            description = {"Worker threads in each process.", "Env: WAXWING_WORKERS_PER_PROCESS. Default: 1."})
    private Integer workersPerProcess;

    @Option(names = "--epoch-interval", paramLabel = "DURATION", order = 3, converter = DurationParser.class,
            description = {"System time each epoch spans.", "Env: WAXWING_EPOCH_INTERVAL. Default: 10s."})
    private Duration epochInterval;

    @Option(names = "--recovery-dir", paramLabel = "DIR", order = 4,
            description = {"Recovery store folder (made by 'recovery init'), shared by the processes.",
                "Env: WAXWING_RECOVERY_DIR. Default: none (recovery off)."})
    private Path recoveryDir;

    @Option(names = "--backup-interval", paramLabel = "DURATION", order = 5, converter = DurationParser.class,
            description = {"How long snapshots that are no longer needed are kept.",
                "Env: WAXWING_BACKUP_INTERVAL. Default: 0s."})
    private Duration backupInterval;

    @Option(names = {"-cp", "--classpath"}, paramLabel = "PATHS", order = 6,
            description = {"Extra jars or folders holding your dataflows, separated by '${sys:path.separator}'."
                    + " May be repeated.", "Env: WAXWING_CLASSPATH. Default: none."})
    private List<String> classPath;

    /** Taken only to refuse them with a message that says why. */
    @Option(names = {"-i", "--process-id"}, hidden = true)
    private String processId;

    @Option(names = {"-a", "--addresses"}, hidden = true)
    private List<String> addresses;

    @Parameters(index = "0", paramLabel = "IMPORT_STR",
            description = "Where the dataflow is, as without 'cluster' (see java -jar launcher.jar --help).")
    private String importString;

    @Override
    public Integer call() {
        refuseMisplacedOptions();
        if (processes < 1) {
            throw new LaunchException("--processes must be at least 1, got " + processes);
        }
        // Checked once here rather than N times in the processes: the settings process 0 will resolve
        // (the addresses are placeholders; the real ports are picked right before the start).
        RunSettings.resolve(workersPerProcess, 0, Collections.nCopies(processes, "127.0.0.1:1"), epochInterval,
                recoveryDir, backupInterval, classPath, new Environment(System.getenv()));
        ImportString.parse(importString);

        LocalCluster cluster = new LocalCluster(LocalCluster.launcherCommand(), runOptions(), importString, processes,
                !noStdoutPrefix, System.out, System.err);
        return cluster.run(RunCommand.stopTimeout());
    }

    /** The options every process gets besides its id and the addresses, as given here. */
    List<String> runOptions() {
        List<String> options = new ArrayList<>();
        if (workersPerProcess != null) {
            options.addAll(List.of("-w", workersPerProcess.toString()));
        }
        if (epochInterval != null) {
            options.addAll(List.of("--epoch-interval", epochInterval.toString()));
        }
        if (recoveryDir != null) {
            options.addAll(List.of("--recovery-dir", recoveryDir.toString()));
        }
        if (backupInterval != null) {
            options.addAll(List.of("--backup-interval", backupInterval.toString()));
        }
        if (classPath != null) {
            for (String cp : classPath) {
                options.addAll(List.of("-cp", cp));
            }
        }
        return options;
    }

    private void refuseMisplacedOptions() {
        if (processId != null || addresses != null) {
            throw new ParameterException(spec.commandLine(), "cluster chooses the process ids and addresses itself"
                    + " (127.0.0.1, free ports); to place the processes yourself, start one launcher per process"
                    + " with -i and -a, without 'cluster'");
        }
        CommandSpec parent = spec.parent();
        ParseResult parsed = parent == null ? null : parent.commandLine().getParseResult();
        if (parsed != null && !parsed.matchedOptions().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "options before 'cluster' are not passed on ("
                    + parsed.matchedOptions().get(0).longestName() + "); give them after it: java -jar"
                    + " launcher.jar cluster -p N [OPTIONS] IMPORT_STR");
        }
    }
}
