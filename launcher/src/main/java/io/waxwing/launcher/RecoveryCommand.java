package io.waxwing.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar launcher.jar recovery COMMAND}: the home of the commands that manage a recovery
 * store (SPEC §5, §6). Each command is its own class, listed in {@code subcommands} below; today
 * there is {@code init} ({@link RecoveryInitCommand}).
 *
 * <p>Subcommand names are matched before the import string, so a dataflow class literally named
 * {@code recovery} in the default package must be given as {@code recovery:flow}.
 */
@Command(name = "recovery",
        description = "Manage a recovery store (the folder given to --recovery-dir).",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        customSynopsis = "java -jar launcher.jar recovery COMMAND [ARGS...]",
        commandListHeading = "%nCommands:%n",
        subcommands = RecoveryInitCommand.class)
final class RecoveryCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private RunCommand launcher;

    @Parameters(arity = "0..*", hidden = true)
    private List<String> words = new ArrayList<>();

    @Override
    public Integer call() {
        if (words.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "recovery needs a command; available: "
                    + String.join(", ", spec.subcommands().keySet()));
        }
        throw new ParameterException(spec.commandLine(), "unknown recovery command '" + words.get(0)
                + "'; available: " + String.join(", ", spec.subcommands().keySet()));
    }

    /** Waits for the background start-up (logging) before a command starts the runtime. */
    void awaitPreload() {
        if (launcher != null) {
            launcher.awaitPreload();
        }
    }
}
