package io.waxwing.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of {@code launcher.jar cluster} ({@link ClusterCommand}): started together,
 * watched until they all exit, and stopped together.
 *
 * <p>Each process is a plain launcher run with {@code -i ID} and every address; its stdin is kept
 * by this launcher as its link ({@link ParentLink}): a stop is asked as a line on it, and when this
 * JVM dies the pipe closes and the processes stop by themselves. Their stdout and stderr are copied
 * here line by line, as bytes (no re-encoding), each line written whole so lines of different
 * processes never mix.
 */
final class LocalCluster {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
    /** Beyond the processes' own stop timeout: time for their JVMs to exit after the workers stopped. */
    private static final Duration EXIT_MARGIN = Duration.ofSeconds(3);
    /** An event of {@link #events} that is not a process id: this launcher was asked to stop. */
    private static final int STOP = -1;

    private final List<String> launcherCommand;
    private final List<String> runOptions;
    private final String importString;
    private final int count;
    private final boolean prefixStdout;
    private final PrintStream out;
    private final PrintStream err;
    private final BlockingQueue<Integer> events = new LinkedBlockingQueue<>();
    private final List<Process> processes = new ArrayList<>();
    private final List<Thread> pumps = new ArrayList<>();

    /**
     * @param launcherCommand java and its arguments up to the launcher's own (see {@link #launcherCommand()})
     * @param runOptions      the run options every process gets
     */
    LocalCluster(List<String> launcherCommand, List<String> runOptions, String importString, int count,
            boolean prefixStdout, PrintStream out, PrintStream err) {
        this.launcherCommand = List.copyOf(launcherCommand);
        this.runOptions = List.copyOf(runOptions);
        this.importString = importString;
        this.count = count;
        this.prefixStdout = prefixStdout;
        this.out = out;
        this.err = err;
    }

    /**
     * How this JVM was started, to start the processes the same way: the same java binary, the JVM
     * flags and system properties this JVM was given (whether on its command line or in
     * {@code JAVA_TOOL_OPTIONS}/{@code JDK_JAVA_OPTIONS}), and the same launcher jar, or the same
     * class path and main class when the launcher does not run from a jar.
     */
    static List<String> launcherCommand() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        Path jar = launcherJar();
        if (jar != null) {
            command.addAll(List.of("-jar", jar.toString()));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Launcher.class.getName()));
        }
        return command;
    }

    private static Path launcherJar() {
        try {
            Path where = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(where) ? where : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /**
     * {@code n} distinct free ports on 127.0.0.1, as {@code HOST:PORT}: each bound at once, so no two
     * are the same, and released just before the processes bind them. A port another program takes in
     * between makes its process fail with "address ... is already in use".
     */
    static List<String> freeAddresses(int n) {
        List<ServerSocket> held = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                addresses.add("127.0.0.1:" + s.getLocalPort());
            }
        } catch (IOException e) {
            throw new LaunchException("cannot find " + n + " free ports on 127.0.0.1: " + e.getMessage(), e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException e) {
                    // Closing a listening socket that accepted nothing does not fail in practice.
                }
            }
        }
        return addresses;
    }

    /** The whole command line of process {@code id}. */
    List<String> command(int id, List<String> addresses) {
        List<String> command = new ArrayList<>(launcherCommand);
        command.addAll(runOptions);
        command.addAll(List.of("-i", Integer.toString(id)));
        for (String a : addresses) {
            command.addAll(List.of("-a", a));
        }
        command.add(importString);
        return command;
    }

    /**
     * Starts the processes, waits until they have all exited, and returns the exit code: the
     * signal's on SIGINT/SIGTERM, else the first failed process's, else 0.
     *
     * @param stopTimeout how long a process may take to stop its workers once asked
     */
    int run(Duration stopTimeout) {
        SignalTrap trap = SignalTrap.install(() -> events.add(STOP), stopTimeout.plus(EXIT_MARGIN).plus(EXIT_MARGIN),
                err);
        try {
            start(freeAddresses(count));
            return await(trap, stopTimeout.plus(EXIT_MARGIN));
        } finally {
            // Only after an error of our own are processes still running here.
            for (Process p : processes) {
                p.destroyForcibly();
            }
            joinPumps();
            trap.executionReturned();
        }
    }

    private void start(List<String> addresses) {
        String self = Long.toString(ProcessHandle.current().pid());
        for (int id = 0; id < count; id++) {
            ProcessBuilder pb = new ProcessBuilder(command(id, addresses));
            // Their content is in the JVM flags passed on already; twice would load an agent twice.
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().remove("JDK_JAVA_OPTIONS");
            pb.environment().put(ParentLink.VARIABLE, self);
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new LaunchException("cannot start process " + id + " (" + pb.command().get(0) + "): "
                        + e.getMessage(), e);
            }
            processes.add(p);
            int which = id;
            String prefix = "[" + id + "] ";
            pumps.add(pump(p.getInputStream(), out, prefixStdout ? prefix : "", "stdout-" + id));
            pumps.add(pump(p.getErrorStream(), err, prefix, "stderr-" + id));
            p.onExit().thenRun(() -> events.add(which));
            LOG.info("started process {} of {} (pid {}) on {}", id, count, p.pid(), addresses.get(id));
        }
    }

    private int await(SignalTrap trap, Duration stopWithin) {
        int running = count;
        int failedCode = 0;
        long stopDeadline = Long.MAX_VALUE;
        while (running > 0) {
            Integer event;
            try {
                long wait = stopDeadline == Long.MAX_VALUE ? Long.MAX_VALUE : stopDeadline - System.nanoTime();
                event = wait <= 0 ? null : events.poll(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                event = STOP;
            }
            if (event == null) {
                killRemaining(stopWithin);
                break;
            }
            if (event == STOP) {
                if (stopDeadline == Long.MAX_VALUE) {
                    SignalTrap.Received signal = trap.received() != null ? trap.received() : SignalTrap.Received.TERM;
                    askToStop(signal);
                    stopDeadline = System.nanoTime() + stopWithin.toNanos();
                }
                continue;
            }
            running--;
            int code = processes.get(event).exitValue();
            if (code != ExitCode.COMPLETED && failedCode == 0 && trap.received() == null) {
                failedCode = code;
                err.println("waxwing: process " + event + " exited with code " + code
                        + (running > 0 ? "; stopping the other processes" : ""));
                err.flush();
                if (stopDeadline == Long.MAX_VALUE) {
                    askToStop(SignalTrap.Received.TERM);
                    stopDeadline = System.nanoTime() + stopWithin.toNanos();
                }
            }
        }
        joinPumps();
        SignalTrap.Received signal = trap.received();
        if (signal != null) {
            err.println("waxwing: cluster of " + count + " processes stopped by SIG" + signal);
            return signal.exitCode;
        }
        return failedCode;
    }

    /** Asks every running process to stop as {@code signal} would (see {@link ParentLink}). */
    private void askToStop(SignalTrap.Received signal) {
        byte[] line = (signal.name() + "\n").getBytes(StandardCharsets.US_ASCII);
        for (Process p : processes) {
            if (p.isAlive()) {
                try {
                    OutputStream link = p.getOutputStream();
                    link.write(line);
                    link.flush();
                } catch (IOException e) {
                    // It exited meanwhile: nothing to stop.
                }
            }
        }
    }

    private void killRemaining(Duration waited) {
        for (int id = 0; id < processes.size(); id++) {
            Process p = processes.get(id);
            if (p.isAlive()) {
                err.println("waxwing: process " + id + " did not stop within " + waited.toMillis() + " ms; killing it");
                p.destroyForcibly();
            }
        }
        for (Process p : processes) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void joinPumps() {
        for (Thread t : pumps) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Copies {@code in} to {@code to} line by line, each line preceded by {@code prefix}. */
    private static Thread pump(InputStream in, PrintStream to, String prefix, String name) {
        Thread t = new Thread(() -> copyLines(in, to, prefix.getBytes(StandardCharsets.US_ASCII)),
                "waxwing-cluster-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void copyLines(InputStream in, PrintStream to, byte[] prefix) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        line.writeBytes(prefix);
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                int from = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        line.write(buffer, from, i + 1 - from);
                        emit(line, to);
                        line.writeBytes(prefix);
                        from = i + 1;
                    }
                }
                line.write(buffer, from, n - from);
            }
        } catch (IOException e) {
            // The process was killed: what was read so far is all there is.
        }
        if (line.size() > prefix.length) {
            line.write('\n');
            emit(line, to);
        }
    }

    private static void emit(ByteArrayOutputStream line, PrintStream to) {
        // One write per line: PrintStream writes are synchronized, so lines of other processes never interleave.
        synchronized (to) {
            to.write(line.toByteArray(), 0, line.size());
            to.flush();
        }
        line.reset();
    }
}
