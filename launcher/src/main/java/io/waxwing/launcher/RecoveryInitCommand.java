package io.waxwing.launcher;

import io.waxwing.errors.WaxwingException;
import io.waxwing.recovery.Recovery;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar launcher.jar recovery init DIR PARTS}: creates {@code PARTS} empty recovery
 * partitions in {@code DIR} with {@link Recovery#initDbDir} (SPEC §5), once, before the first
 * execution run with {@code --recovery-dir DIR}. Exits 0 when the store was created, 1 when it
 * could not be (the folder already holds partitions, or the journal cannot be written), 2 on a bad
 * command line.
 */
@Command(name = "init",
        description = {"Create PARTS empty recovery partitions in DIR.",
            "Run it once, before the first run with --recovery-dir DIR. The worker count may change"
                + " between runs; the partition count may not."},
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class)
final class RecoveryInitCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private RecoveryCommand recovery;

    @Parameters(index = "0", paramLabel = "DIR", description = "The recovery directory (created if needed).")
    private Path dir;

    @Parameters(index = "1", paramLabel = "PARTS", description = "How many partitions, at least 1.")
    private int parts;

    @Override
    public Integer call() {
        if (parts < 1) {
            throw new ParameterException(spec.commandLine(), "PARTS must be at least 1, got " + parts);
        }
        recovery.awaitPreload();
        try {
            Recovery.initDbDir(dir, parts);
        } catch (WaxwingException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("waxwing: cannot initialise a recovery store in " + dir + ": "
                    + e.getMessage());
            return ExitCode.DATAFLOW_FAILED;
        }
        spec.commandLine().getOut().println("created " + parts + " recovery partition" + (parts == 1 ? "" : "s")
                + " in " + dir);
        return ExitCode.COMPLETED;
    }
}
