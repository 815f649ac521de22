package io.waxwing.launcher;

import io.waxwing.run.Visualization;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar launcher.jar visualize [-o json|mermaid|dot] IMPORT_STR}: prints the dataflow's
 * graph without running it, like Bytewax's {@code python -m bytewax.visualize} (Mermaid
 * {@code flowchart TD} by default). The JSON is what {@code GET /dataflow} serves on the
 * management port.
 */
@Command(name = "visualize",
        description = {"Print the dataflow's graph without running it.",
            "Steps with their kind and ports; edges that exchange items between workers (keyed,"
                + " redistribute, partitioned-sink) are dashed."},
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false)
final class VisualizeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "mermaid", order = 1,
            description = "mermaid (flowchart TD), dot (Graphviz) or json. Default: ${DEFAULT-VALUE}.")
    private String format;

    @Option(names = {"-cp", "--classpath"}, paramLabel = "PATHS", order = 2,
            description = {"Extra jars or folders holding your dataflows, as for running one.",
                "Env: WAXWING_CLASSPATH."})
    private List<String> classPath;

    @Parameters(index = "0", paramLabel = "IMPORT_STR", description = "Where the dataflow is, as for running one.")
    private String importString;

    private final Environment env;
    private final PrintStream err;

    VisualizeCommand(Environment env, PrintStream err) {
        this.env = env;
        this.err = err;
    }

    @Override
    public Integer call() {
        Visualization.Format f;
        try {
            f = Visualization.Format.named(format);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        UserClassPath paths;
        if (classPath != null && !classPath.isEmpty()) {
            paths = UserClassPath.parse(String.join(java.io.File.pathSeparator, classPath), "--classpath");
        } else if (env.string(Environment.CLASSPATH) != null) {
            paths = UserClassPath.parse(env.string(Environment.CLASSPATH), Environment.CLASSPATH);
        } else {
            paths = UserClassPath.none();
        }
        ImportString target = ImportString.parse(importString);
        Thread self = Thread.currentThread();
        ClassLoader previous = self.getContextClassLoader();
        ClassLoader userLoader = paths.loader(VisualizeCommand.class.getClassLoader());
        self.setContextClassLoader(userLoader);
        try {
            DataflowLocator.Located located = new DataflowLocator(paths, new SourceCompiler(err))
                    .locate(target, userLoader);
            spec.commandLine().getOut().print(Visualization.render(located.flow(), f));
            spec.commandLine().getOut().flush();
            return ExitCode.COMPLETED;
        } finally {
            self.setContextClassLoader(previous);
        }
    }
}
