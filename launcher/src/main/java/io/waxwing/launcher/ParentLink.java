package io.waxwing.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The side of a process started by {@code launcher.jar cluster} ({@link ClusterCommand}) that
 * listens to its launcher. The launcher marks its processes with the variable {@link #VARIABLE}
 * (its own pid) and keeps their stdin: a line {@code INT} or {@code TERM} on it asks the process to
 * stop as that signal would, and the end of stdin means the launcher is gone — even killed with
 * SIGKILL, since the kernel closes the pipe with the process — so this process stops as on SIGTERM
 * instead of running on unwatched. The launcher's pid is watched too ({@link ProcessHandle#onExit()}).
 *
 * <p>A request is not a second signal: a process that the terminal already sent SIGINT to (Ctrl-C
 * reaches the whole process group) keeps stopping cleanly when its launcher asks again.
 */
final class ParentLink {
    /** Set by the cluster launcher in its processes' environment; never by users. */
    static final String VARIABLE = "WAXWING_CLUSTER_LAUNCHER_PID";

    private ParentLink() {
    }

    /** Starts listening when {@code env} says this process belongs to a cluster launcher; else does nothing. */
    static void listenIfLaunched(Map<String, String> env, InputStream stdin, PrintStream err) {
        String launcherPid = env.get(VARIABLE);
        if (launcherPid == null || launcherPid.isBlank()) {
            return;
        }
        Thread listener = new Thread(() -> listen(launcherPid.strip(), stdin, err), "waxwing-cluster-launcher-link");
        listener.setDaemon(true);
        listener.start();
        watchExit(launcherPid.strip(), err);
    }

    /**
     * Also watches the launcher process itself, in case the dataflow's own code reads or closes
     * stdin. The launcher must still be this process's parent: if it is not, it died before this
     * process got here (and its pid may already name another process).
     */
    private static void watchExit(String launcherPid, PrintStream err) {
        Runnable gone = () -> SignalTrap.stopAsIf(SignalTrap.Received.TERM, "the cluster launcher (pid " + launcherPid
                + ") is gone", err);
        ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        if (parent == null || !Long.toString(parent.pid()).equals(launcherPid)) {
            gone.run();
            return;
        }
        parent.onExit().thenRun(gone);
    }

    private static void listen(String launcherPid, InputStream stdin, PrintStream err) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                for (SignalTrap.Received r : SignalTrap.Received.values()) {
                    if (line.strip().equals(r.name())) {
                        SignalTrap.stopAsIf(r, "the cluster launcher (pid " + launcherPid + ") asked to stop as on SIG"
                                + r, err);
                    }
                }
            }
        } catch (IOException e) {
            // A broken pipe is the launcher gone, as an end of input is.
        }
        SignalTrap.stopAsIf(SignalTrap.Received.TERM, "the cluster launcher (pid " + launcherPid + ") is gone", err);
    }
}
