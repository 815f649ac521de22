package io.waxwing.recovery;

import java.nio.file.Path;

/**
 * The recovery directory holds no recovery partitions: it was never initialised. Create the
 * partitions once, before the first execution, with
 * {@code java -jar launcher/target/launcher.jar recovery init DIR PARTS} or
 * {@link Recovery#initDbDir(Path, int)}.
 */
public class NoPartitionsException extends RecoveryException {
    private static final long serialVersionUID = 1L;

    public NoPartitionsException(Path dbDir) {
        super("no recovery partitions in " + dbDir + "; create them once before the first execution with"
                + " `java -jar launcher/target/launcher.jar recovery init " + dbDir + " PARTS`"
                + " or Recovery.initDbDir(Path.of(\"" + dbDir + "\"), PARTS)");
    }
}
