package io.waxwing.run.internal;

import java.util.concurrent.ThreadFactory;
import org.apache.pekko.dispatch.MonitorableThreadFactory;

/**
 * The uncaught-exception handler of Pekko's threads, in front of Pekko's own: an
 * {@link OutOfMemoryError} goes first to the JVM's default uncaught-exception handler, the one
 * that decides for the whole process (the launcher's ends it with its own exit code and summary),
 * as it does on every thread that has no handler of its own. Pekko's handler would otherwise exit
 * the JVM with -1 ({@code pekko.jvm-exit-on-fatal-error}) and a stack trace it often cannot print
 * in a full heap. Anything else, and an out-of-memory error the default handler returns from (or
 * with none set, as when Waxwing is embedded), goes to Pekko's handler as before.
 *
 * <p>Pekko's threads get it through {@link HandOffExecutorConfigurator} (the dispatchers) and
 * {@link HandOffScheduler} (the scheduler's thread), set in {@code pekko-defaults.conf}.
 */
final class OutOfMemoryHandOff implements Thread.UncaughtExceptionHandler {
    private final Thread.UncaughtExceptionHandler pekko;

    private OutOfMemoryHandOff(Thread.UncaughtExceptionHandler pekko) {
        this.pekko = pekko;
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        try {
            handOff(thread, error);
        } finally {
            // Even when the default handler failed (it may run out of memory too): a thread that
            // ends with no handler deciding leaves the process running without it, maybe forever.
            pekko.uncaughtException(thread, error);
        }
    }

    /**
     * Gives an {@link OutOfMemoryError} in {@code error}'s cause chain to the JVM's default
     * uncaught-exception handler; returns at once for anything else, or when there is no such
     * handler. Allocates nothing: the heap may be full.
     */
    static void handOff(Thread thread, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                Thread.UncaughtExceptionHandler jvm = Thread.getDefaultUncaughtExceptionHandler();
                if (jvm != null) {
                    jvm.uncaughtException(thread, t);
                }
                return;
            }
        }
    }

    /**
     * {@code threads} making threads with this handler in front of the one they would have had.
     * Pekko passes its dispatchers and its scheduler a {@link MonitorableThreadFactory}, which
     * sets every thread's handler; any other factory is returned as it is.
     */
    static ThreadFactory threads(ThreadFactory threads) {
        if (threads instanceof MonitorableThreadFactory m && !(m.exceptionHandler() instanceof OutOfMemoryHandOff)) {
            // The counter is shared, so that thread names stay unique across the system's pools.
            return m.copy(m.name(), m.daemonic(), m.contextClassLoader(), new OutOfMemoryHandOff(m.exceptionHandler()),
                    m.counter());
        }
        return threads;
    }
}
