package io.waxwing.launcher;

import java.io.PrintStream;

/**
 * The part of a user exception's stack trace that is the user's: its frames down to the first one
 * in Waxwing's runtime (the engine calling the step, the launcher, the libraries under them), for
 * each exception of the cause chain. The rest is the launcher's own and says nothing about the bug.
 */
final class UserFrames {
    /** Where the runtime's frames begin; the user's code (and Waxwing's public connectors) is above them. */
    private static final String[] RUNTIME = {"io.waxwing.engine.", "io.waxwing.run.", "io.waxwing.internal.",
        "io.waxwing.launcher.", "org.apache.pekko.", "picocli.", "java.util.concurrent.", "jdk.internal.reflect."};

    private UserFrames() {
    }

    /** Prints {@code error} and its causes as a stack trace would, with the user's frames only. */
    static void print(Throwable error, PrintStream err) {
        String lead = "";
        int depth = 0;
        for (Throwable t = error; t != null && depth < 10; t = t.getCause() == t ? null : t.getCause(), depth++) {
            err.println(lead + t);
            int omitted = 0;
            boolean inRuntime = false;
            for (StackTraceElement frame : t.getStackTrace()) {
                inRuntime = inRuntime || runtime(frame.getClassName());
                if (inRuntime) {
                    omitted++;
                } else {
                    err.println("\tat " + frame);
                }
            }
            if (omitted > 0) {
                err.println("\t... " + omitted + " frames of the Waxwing runtime (--verbose shows them)");
            }
            lead = "Caused by: ";
        }
    }

    private static boolean runtime(String className) {
        for (String prefix : RUNTIME) {
            // Test fixtures and users' own packages under io.waxwing.launcher are theirs, not the launcher's.
            if (className.startsWith(prefix) && !className.startsWith("io.waxwing.launcher.fixtures.")) {
                return true;
            }
        }
        return false;
    }
}
