package io.waxwing.launcher;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The main class of {@code launcher.jar}: runs a dataflow the way {@code python -m bytewax.run}
 * does.
 *
 * <pre>
 * java -jar launcher/target/launcher.jar [OPTIONS] IMPORT_STR
 * java -jar launcher/target/launcher.jar -w 2 examples/WordCount.java
 * java -jar launcher/target/launcher.jar -cp flows.jar -i 0 -a host0:2101 -a host1:2101 com.acme.Flows
 * </pre>
 *
 * <p>Options and environment variables are those of SPEC §6; the exit codes are {@link ExitCode#ALL}
 * (SPEC §6's, and 3 for out of memory).
 * Dataflow output goes to stdout; logs and the launcher's own messages go to stderr.
 */
public final class Launcher {
    private static final String TRY_HELP = "Try 'java -jar launcher.jar --help' for more information.";

    private Launcher() {
    }

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        OutOfMemoryExit.install(System.err);
        RuntimePreload preload = RuntimePreload.start();
        ParentLink.listenIfLaunched(System.getenv(), System.in, System.err);
        int code = run(args, System.getenv(), System.out, System.err, preload);
        System.out.flush();
        System.err.flush();
        OutOfMemoryExit.launcherExits();
        System.exit(code);
    }

    /**
     * Runs the command line and returns its exit code, without exiting.
     *
     * @param env     the environment variables the options fall back to
     * @param preload the runtime start-up begun in the background, awaited before the execution
     */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err,
            RuntimePreload preload) {
        Environment environment = new Environment(env);
        CommandLine commandLine = new CommandLine(new RunCommand(environment, err, preload));
        commandLine.addSubcommand("visualize", new VisualizeCommand(environment, err));
        // The exit codes come from the one table in ExitCode, so --help cannot drift from the code.
        List<String> footer = new ArrayList<>(List.of(commandLine.getCommandSpec().usageMessage().footer()));
        footer.addAll(ExitCode.helpLines());
        commandLine.getCommandSpec().usageMessage().footer(footer.toArray(new String[0]));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        // Import strings and factory arguments are taken literally: no @argument-files.
        commandLine.setExpandAtFiles(false);
        commandLine.setParameterExceptionHandler((ParameterException e, String[] ignored) -> {
            err.println("waxwing: " + oneLine(e.getMessage()));
            if (e instanceof UnmatchedArgumentException u) {
                UnmatchedArgumentException.printSuggestions(u, err);
            }
            err.println(TRY_HELP);
            return ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof LaunchException) {
                err.println("waxwing: " + oneLine(e.getMessage()));
                return ExitCode.USAGE;
            }
            err.println("waxwing: internal error: " + e);
            e.printStackTrace(err);
            return ExitCode.DATAFLOW_FAILED;
        });
        return commandLine.execute(args);
    }

    /** Messages quoting user input or exceptions stay on one line. */
    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
