package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The built {@code launcher.jar} running as a real process, for the integration tests: started
 * with {@code java -jar}, its stdout and stderr collected line by line, every wait bounded, and the
 * process killed on {@link #close()} whatever happened.
 */
final class LauncherProcess implements AutoCloseable {
    /** Where failsafe says the jar is; falls back to the module's target folder. */
    static Path jar() {
        return Path.of(System.getProperty("waxwing.launcher.jar", "target/launcher.jar")).toAbsolutePath();
    }

    /** The repository root (examples/, conf/). */
    static Path repoRoot() {
        return Path.of(System.getProperty("waxwing.repo.root", "..")).toAbsolutePath().normalize();
    }

    /** The compiled test classes, which hold the fixture dataflows. */
    static Path testClasses() {
        return Path.of(System.getProperty("waxwing.test.classes", "target/test-classes")).toAbsolutePath();
    }

    /** How a finished process ended. */
    record Result(int exitCode, List<String> stdout, List<String> stderr, Duration elapsed) {
        String err() {
            return String.join("\n", stderr);
        }

        String out() {
            return String.join("\n", stdout);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + " after " + elapsed.toMillis() + " ms\n--- stdout\n" + out() + "\n--- stderr\n"
                    + err();
        }
    }

    /** What to start. */
    static final class Spec {
        private final List<String> args = new ArrayList<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> env = new java.util.HashMap<>();
        private Path cwd = repoRoot();

        Spec args(Object... more) {
            for (Object a : more) {
                args.add(String.valueOf(a));
            }
            return this;
        }

        Spec jvm(String... more) {
            jvmArgs.addAll(List.of(more));
            return this;
        }

        Spec env(String name, String value) {
            env.put(name, value);
            return this;
        }

        Spec cwd(Path dir) {
            cwd = dir;
            return this;
        }

        LauncherProcess start() {
            return new LauncherProcess(this);
        }

        /** Starts, waits at most {@code timeout} for the exit, and returns how it ended. */
        Result run(Duration timeout) {
            try (LauncherProcess p = start()) {
                return p.await(timeout);
            }
        }
    }

    static Spec spec() {
        return new Spec();
    }

    private final Process process;
    private final Lines out;
    private final Lines err;
    private final long startNanos = System.nanoTime();

    private LauncherProcess(Spec spec) {
        List<String> command = new ArrayList<>();
        if (sigintIgnoredHere()) {
            // A shell that starts jobs in the background makes them ignore SIGINT, and a JVM started
            // with SIGINT ignored keeps ignoring it; the launcher must see it as a terminal would.
            command.addAll(List.of("env", "--default-signal=INT"));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(spec.jvmArgs);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(spec.args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(spec.cwd.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("WAXWING_") || k.equals("JAVA_TOOL_OPTIONS")
                || k.equals("JDK_JAVA_OPTIONS"));
        pb.environment().putAll(spec.env);
        try {
            process = pb.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command, e);
        }
        out = new Lines(process.getInputStream(), "stdout");
        err = new Lines(process.getErrorStream(), "stderr");
    }

    long pid() {
        return process.pid();
    }

    /** Waits until a stdout line matches, for at most {@code timeout}; fails the test otherwise. */
    void awaitStdout(Predicate<String> line, Duration timeout, String what) {
        if (!out.await(line, timeout)) {
            fail("no " + what + " on stdout within " + timeout.toMillis() + " ms; alive=" + process.isAlive()
                    + "\n--- stdout\n" + String.join("\n", out.snapshot()) + "\n--- stderr\n"
                    + String.join("\n", err.snapshot()));
        }
    }

    /** Waits until a stderr line matches, for at most {@code timeout}; fails the test otherwise. */
    void awaitStderr(Predicate<String> line, Duration timeout, String what) {
        if (!err.await(line, timeout)) {
            fail("no " + what + " on stderr within " + timeout.toMillis() + " ms; alive=" + process.isAlive()
                    + "\n--- stderr\n" + String.join("\n", err.snapshot()));
        }
    }

    /** Waits until stdout has at least {@code n} lines matching, for at most {@code timeout}. */
    void awaitStdoutCount(Predicate<String> line, int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.count(line) < n) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                fail("fewer than " + n + " matching stdout lines within " + timeout.toMillis() + " ms\n--- stderr\n"
                        + String.join("\n", err.snapshot()));
            }
            out.await(l -> false, Duration.ofMillis(50));
        }
    }

    /** How many stdout lines so far match. */
    int stdoutCount(Predicate<String> line) {
        return out.count(line);
    }

    /** Whether the process is still running. */
    boolean alive() {
        return process.isAlive();
    }

    /** Kills the process at once, as a crash would ({@code SIGKILL}). */
    void kill() {
        process.destroyForcibly();
    }

    /** Sends a signal ({@code INT}, {@code TERM}) with {@code kill}. */
    void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                fail("kill -s " + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits at most {@code timeout} for the process to exit; fails the test (and kills it) otherwise. */
    Result await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("the launcher did not exit within " + timeout.toMillis() + " ms\n--- stdout\n"
                        + String.join("\n", out.snapshot()) + "\n--- stderr\n" + String.join("\n", err.snapshot()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        out.join();
        err.join();
        return new Result(process.exitValue(), out.snapshot(), err.snapshot(), elapsed);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether this JVM was started with SIGINT ignored (and so would pass that on to children). */
    private static boolean sigintIgnoredHere() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
                    return (mask & (1L << (2 - 1))) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** One output stream, read line by line on its own thread. */
    private static final class Lines {
        private final List<String> lines = new ArrayList<>();
        private final Thread reader;

        Lines(InputStream in, String name) {
            reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (this) {
                            lines.add(line);
                            notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // The process was killed: what was read so far is all there is.
                }
            }, "launcher-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        synchronized List<String> snapshot() {
            return List.copyOf(lines);
        }

        synchronized int count(Predicate<String> p) {
            int n = 0;
            for (String l : lines) {
                if (p.test(l)) {
                    n++;
                }
            }
            return n;
        }

        synchronized boolean await(Predicate<String> p, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            int checked = 0;
            while (true) {
                for (; checked < lines.size(); checked++) {
                    if (p.test(lines.get(checked))) {
                        return true;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !reader.isAlive()) {
                    return false;
                }
                try {
                    wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }

        void join() {
            try {
                reader.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
