package io.waxwing.launcher;

import com.typesafe.config.ConfigFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Starts the slow, independent parts of the runtime's start-up on a background thread while the
 * main thread parses the command line and locates (or compiles) the dataflow: configuring logback
 * from its XML file, and loading and parsing the HOCON configuration. Each takes a few hundred
 * milliseconds on a cold JVM; done side by side with the main thread's work they mostly vanish
 * from the time a small dataflow takes to run.
 *
 * <p>Nothing here changes what the run does: logback is configured exactly as it would be on first
 * use, and the configuration is parsed with the launcher's own loader, so the execution's own
 * {@code ConfigFactory.load()} still reads the user's {@code application.conf} (it only finds the
 * classes loaded and the parser warm).
 */
final class RuntimePreload {
    private final Thread thread;

    private RuntimePreload(Thread thread) {
        this.thread = thread;
    }

    /** Nothing to wait for: for runs inside another program (tests), which own their logging. */
    static RuntimePreload none() {
        return new RuntimePreload(null);
    }

    /** Starts the preload on a daemon thread, so it never delays the JVM's exit. */
    static RuntimePreload start() {
        Thread t = new Thread(() -> {
            try {
                LoggerFactory.getILoggerFactory();
                ConfigFactory.load(RuntimePreload.class.getClassLoader());
            } catch (RuntimeException | LinkageError e) {
                // The main thread meets the same problem when it gets there and reports it properly.
            }
        }, "waxwing-preload");
        t.setDaemon(true);
        t.start();
        return new RuntimePreload(t);
    }

    /**
     * Waits (a bounded time) for the preload to finish, so that logging is configured before the
     * execution's threads first log: SLF4J would otherwise queue and replay their first messages
     * with a warning.
     */
    void await() {
        if (thread == null) {
            return;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
