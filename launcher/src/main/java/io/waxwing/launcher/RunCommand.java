package io.waxwing.launcher;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.errors.ExecutionFailedException;
import io.waxwing.errors.WaxwingException;
import io.waxwing.errors.WaxwingRuntimeException;
import io.waxwing.run.Execution;
import io.waxwing.run.RestartStrategy;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar launcher.jar [OPTIONS] IMPORT_STR}: resolves the options, locates the dataflow,
 * runs it with {@link Execution#cliMain} and turns the outcome into the exit code (SPEC §6).
 */
@Command(name = "java -jar launcher.jar",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        subcommands = {RecoveryCommand.class, ClusterCommand.class},
        sortOptions = false,
        usageHelpWidth = 100,
        customSynopsis = {
            "java -jar launcher.jar [OPTIONS] IMPORT_STR",
            "       java -jar launcher.jar cluster -p N [OPTIONS] IMPORT_STR",
            "       java -jar launcher.jar recovery init DIR PARTS",
            "       java -jar launcher.jar visualize [-o mermaid|dot|json] IMPORT_STR"
        },
        description = {
            "",
            "Runs a Waxwing dataflow, like Bytewax's python -m bytewax.run.",
            "",
            "IMPORT_STR locates the dataflow:",
            "  com.acme.Flows                       static field or no-argument static method 'flow'",
            "  com.acme.Flows:myFlow                static field myFlow, or static method myFlow()",
            "  'com.acme.Flows:create(\"out\", 3)'    static factory called with literal arguments",
            "                                       (strings, integers, decimals, true/false)",
            "  path/to/MyFlow.java[:ATTR]           one source file, compiled in memory, then as above",
            "Classes come from the launcher jar and from -cp/--classpath."
        },
        parameterListHeading = "%nArguments:%n",
        optionListHeading = "%nOptions (each falls back to its environment variable, then its default):%n",
        commandListHeading = "%nCommands:%n",
        footerHeading = "%n",
        footer = {
            "In Kubernetes, when no process id is given and WAXWING_POD_NAME and WAXWING_STATEFULSET_NAME are",
            "set, the process id is the pod's ordinal; when no addresses are given and WAXWING_HOSTFILE_PATH",
            "is set, the addresses are that file's lines.",
            "",
            "Durations: 500ms, 10s, 2m, 1h, 0, or ISO-8601 (PT5S).",
            "Logs go to stderr (conf/logback.xml; use -Dlogback.configurationFile=FILE for your own);",
            "settings under waxwing { } are read from application.conf (-Dconfig.file=conf/application.conf)."
        })
final class RunCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-w", "--workers-per-process"}, paramLabel = "N", order = 1,
            description = {"Worker threads in this process.",
                "Env: WAXWING_WORKERS_PER_PROCESS. Default: 1."})
    private Integer workersPerProcess;

    @Option(names = {"-i", "--process-id"}, paramLabel = "N", order = 2,
            description = {"This process's index in the cluster, from 0; needs --addresses.",
                "Env: WAXWING_PROCESS_ID, else the pod's ordinal (see below). Default: none, which is 0"
                    + " with a single address."})
    private Integer processId;

    @Option(names = {"-a", "--addresses"}, paramLabel = "HOST:PORT", order = 3,
            description = {"Every process's address, in process order: repeat the option, or give one"
                    + " ';'-separated value.",
                "Env: WAXWING_ADDRESSES (';'-separated), else the lines of the file WAXWING_HOSTFILE_PATH."
                    + " Default: none (a single process, no networking)."})
    private List<String> addresses;

    @Option(names = "--epoch-interval", paramLabel = "DURATION", order = 4, converter = DurationParser.class,
            description = {"System time each epoch spans; state is snapshotted as each epoch closes.",
                "Env: WAXWING_EPOCH_INTERVAL. Default: 10s."})
    private Duration epochInterval;

    @Option(names = "--recovery-dir", paramLabel = "DIR", order = 5,
            description = {"Recovery store folder (made by 'recovery init'); enables recovery.",
                "Env: WAXWING_RECOVERY_DIR. Default: none (recovery off)."})
    private Path recoveryDir;

    @Option(names = "--backup-interval", paramLabel = "DURATION", order = 6, converter = DurationParser.class,
            description = {"How long snapshots that are no longer needed are kept, so that a backup of"
                    + " the recovery store that old still resumes. Used with --recovery-dir.",
                "Env: WAXWING_BACKUP_INTERVAL. Default: 0s."})
    private Duration backupInterval;

    @Option(names = {"-cp", "--classpath"}, paramLabel = "PATHS", order = 7,
            description = {"Extra jars or folders holding your dataflows, separated by"
                    + " '${sys:path.separator}'; dir/* is every jar in dir. May be repeated.",
                "Env: WAXWING_CLASSPATH. Default: none (the launcher jar only)."})
    private List<String> classPath;

    @Option(names = "--management-port", paramLabel = "PORT", order = 8,
            description = {"Serve /alive, /ready, /startup, /metrics and /dataflow on this HTTP port"
                    + " (0: a free port, logged). See docs/operations.md.",
                "Env: WAXWING_MANAGEMENT_PORT; HOCON waxwing.management.port. Default: off."})
    private Integer managementPort;

    @Option(names = "--management-host", paramLabel = "HOST", order = 9,
            description = {"The interface the management port binds.",
                "Env: WAXWING_MANAGEMENT_HOST. Default: the host of this process's address, else this"
                    + " machine's address."})
    private String managementHost;

    @Option(names = "--verbose", order = 10,
            description = {"On a failure, print whole stack traces (the runtime's frames too), not just the"
                    + " one-line cause and the frames of your own code."})
    private boolean verbose;

    @Mixin
    private RestartOptions restartOptions = new RestartOptions();

    @Option(names = "--bootstrap", order = 10,
            description = {"Form the cluster with Pekko Cluster Bootstrap from service discovery instead of"
                    + " -a addresses (docs/deployment.md); needs --processes.",
                "Env: WAXWING_BOOTSTRAP; HOCON waxwing.cluster.formation = bootstrap. Default: static."})
    private boolean bootstrap;

    @Option(names = "--processes", paramLabel = "N", order = 11,
            description = {"With --bootstrap: how many processes form the cluster; nothing runs before they"
                    + " all joined.", "Env: WAXWING_PROCESSES."})
    private Integer processes;

    @Option(names = "--bind", paramLabel = "HOST:PORT", order = 12,
            description = {"With --bootstrap: this process's own cluster address.",
                "Env: WAXWING_BIND. Default: pekko.remote.artery.canonical (this machine's address, port 17355)."})
    private String bind;

    @Parameters(index = "0", arity = "0..1", paramLabel = "IMPORT_STR",
            description = "Where the dataflow is (see above).")
    private String importString;

    private final Environment env;
    private final PrintStream err;
    private final RuntimePreload preload;

    RunCommand(Environment env, PrintStream err, RuntimePreload preload) {
        this.env = env;
        this.err = err;
        this.preload = preload;
    }

    /** Waits for the background start-up begun by {@link Launcher#main}; see {@link RuntimePreload}. */
    void awaitPreload() {
        preload.await();
    }

    @Override
    public Integer call() {
        if (importString == null) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: 'IMPORT_STR' (the"
                    + " dataflow to run)");
        }
        BootstrapOptions formation = BootstrapOptions.resolve(bootstrap, processes, processId, addresses, bind, env,
                launcherConfig());
        // The bootstrap formation has taken this process's id itself; the address list stays empty.
        RunSettings settings = formation.enabled()
                ? RunSettings.resolve(workersPerProcess, null, null, epochInterval, recoveryDir, backupInterval,
                        classPath, env.without(Environment.PROCESS_ID, Environment.POD_NAME,
                                Environment.STATEFULSET_NAME))
                : RunSettings.resolve(workersPerProcess, processId, addresses, epochInterval,
                        recoveryDir, backupInterval, classPath, env);
        ImportString target = ImportString.parse(importString);
        ManagementOptions.apply(managementPort, managementHost, env);

        Thread self = Thread.currentThread();
        ClassLoader previous = self.getContextClassLoader();
        ClassLoader userLoader = settings.classPath().loader(RunCommand.class.getClassLoader());
        // The user's loader is the context loader from here on: configuration (application.conf in
        // a user jar), Pekko and serialization find the user's classes through it.
        self.setContextClassLoader(userLoader);
        try {
            RestartStrategy restart = restartOptions.resolve(env, ConfigFactory.load(), settings.recoveryConfig());
            if (formation.enabled() && restart.restarts()) {
                throw new LaunchException("--restart-strategy " + restart + " does not work with --bootstrap yet: a"
                        + " bootstrap cluster would have to form again by discovery; leave restarts to the process's"
                        + " supervisor (Kubernetes restarts the pod, which resumes from the last commit), or form"
                        + " the cluster with -a");
            }
            DataflowLocator.Located located = new DataflowLocator(settings.classPath(), new SourceCompiler(err))
                    .locate(target, userLoader);
            self.setContextClassLoader(located.loader());
            preload.await();
            return run(located.flow(), settings, formation, restart, stopTimeout());
        } finally {
            self.setContextClassLoader(previous);
        }
    }

    private int run(Dataflow flow, RunSettings s, BootstrapOptions formation, RestartStrategy restart,
            Duration stopTimeout) {
        Logger log = LoggerFactory.getLogger(Launcher.class);
        log.info("running dataflow '{}': {} worker(s) in {}, epoch interval {}, {}", flow.flowId(),
                s.workersPerProcess(), formation.enabled() ? "process "
                        + (formation.processId() == null ? "(id agreed after formation)" : formation.processId())
                        + " of " + formation.processes() + " (Cluster Bootstrap)"
                        : s.cluster().addresses().isEmpty() ? "a single process"
                        : "process " + s.cluster().processId() + " of " + s.cluster().addresses(),
                s.epochInterval(), s.recoveryConfig() == null ? "no recovery"
                        : "recovery in " + s.recoveryConfig().dbDir() + " (backup interval "
                                + s.recoveryConfig().backupInterval() + ")"
                                + (restart.restarts() ? ", restart strategy " + restart : ""));
        long started = System.nanoTime();
        OutOfMemoryExit.running(flow.flowId());
        SignalTrap trap = SignalTrap.install(Execution::requestStop, stopTimeout, err);
        int code;
        try {
            if (formation.enabled()) {
                Execution.bootstrapMain(flow, formation.processes(), formation.processId(), formation.bind(),
                        s.epochInterval(), s.recoveryConfig(), s.workersPerProcess());
            } else {
                Execution.cliMain(flow, s.workersPerProcess(), s.cluster().processId(), s.cluster().addresses(),
                        s.epochInterval(), s.recoveryConfig(), restart);
            }
            code = ExitCode.COMPLETED;
            long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
            if (trap.received() == null) {
                log.info("dataflow '{}' completed in {} ms", flow.flowId(), ms);
            } else {
                log.info("dataflow '{}' stopped on SIG{} after {} ms", flow.flowId(), trap.received(), ms);
            }
        } catch (RuntimeException | Error e) {
            OutOfMemoryError oom = OutOfMemoryExit.outOfMemory(e);
            if (oom != null) {
                OutOfMemoryExit.exit(oom, Thread.currentThread().getName());
            }
            code = ExitCode.DATAFLOW_FAILED;
            reportFailure(flow.flowId(), e);
        } finally {
            trap.executionReturned();
        }
        SignalTrap.Received signal = trap.received();
        if (signal != null) {
            err.println("waxwing: dataflow '" + flow.flowId() + "' stopped by SIG" + signal);
            return signal.exitCode;
        }
        return code;
    }

    /**
     * One line for the failure: "cannot run" only when the runtime refused the dataflow or its
     * settings before running it, "failed" once it ran. A user's exception is followed by its own
     * stack frames only (those of the runtime under them, with {@code --verbose}); an internal error
     * by its whole trace.
     */
    private void reportFailure(String flowId, Throwable e) {
        String prefix = "waxwing: dataflow '" + flowId + "' ";
        if (e instanceof WaxwingRuntimeException w) {
            err.println(prefix + "failed: " + oneLine(w.getMessage()));
            if (w.getCause() != null) {
                if (verbose) {
                    w.getCause().printStackTrace(err);
                } else {
                    UserFrames.print(w.getCause(), err);
                }
            }
        } else if (e instanceof ExecutionFailedException) {
            err.println(prefix + "failed: " + oneLine(e.getMessage()));
            if (verbose) {
                e.printStackTrace(err);
            }
        } else if (e instanceof WaxwingException || e instanceof IllegalArgumentException
                || e instanceof UnsupportedOperationException) {
            err.println(prefix + "cannot run: " + oneLine(e.getMessage()));
            LoggerFactory.getLogger(Launcher.class).debug("dataflow '{}' cannot run", flowId, e);
            if (verbose) {
                e.printStackTrace(err);
            }
        } else {
            err.println(prefix + "failed: " + oneLine(String.valueOf(e)));
            e.printStackTrace(err);
        }
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** The configuration as the launcher sees it before the user's class path is loaded. */
    private static com.typesafe.config.Config launcherConfig() {
        try {
            return ConfigFactory.load();
        } catch (ConfigException e) {
            throw new LaunchException("configuration: " + e.getMessage());
        }
    }

    /** {@code waxwing.launcher.stop-timeout}, from the configuration the execution will also use. */
    static Duration stopTimeout() {
        try {
            return ConfigFactory.load().getDuration("waxwing.launcher.stop-timeout");
        } catch (ConfigException e) {
            throw new LaunchException("configuration: " + e.getMessage());
        }
    }
}
