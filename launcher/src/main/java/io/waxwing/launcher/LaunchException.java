package io.waxwing.launcher;

/**
 * A problem with the command line, the environment or the dataflow's location: the launcher prints
 * its message as one line, without a stack trace, and exits with {@link ExitCode#USAGE}. The
 * message names what was looked for and, where it can, says what to do instead.
 */
final class LaunchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LaunchException(String message) {
        super(message);
    }

    LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
