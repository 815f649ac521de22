package io.waxwing.launcher;

import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns SIGINT and SIGTERM into a clean stop. On the first signal it asks the running execution to
 * stop at its next safe point (so the recovery store stays at its last commit) and lets the
 * launcher's main thread return normally and exit with 130 or 143. If the execution has not
 * returned within {@code stopTimeout}, or a second signal arrives, the process exits at once with
 * the same code.
 *
 * <p>The handlers replace the JVM's own, which would start the JVM's shutdown while the workers are
 * still running: other shutdown hooks (the embedded database's among them) would then race the
 * workers. They are installed through {@code sun.misc.Signal} (module {@code jdk.unsupported},
 * meant for exactly this), looked up reflectively because javac warns about every direct use and
 * the build is warning-free. On a JVM without it, a shutdown hook asks the execution to stop and
 * waits for it instead. A signal that was ignored when the JVM started (as under {@code nohup})
 * stays ignored.
 */
final class SignalTrap {
    /** A signal the launcher handles. */
    enum Received {
        INT(ExitCode.SIGINT), TERM(ExitCode.SIGTERM);

        final int exitCode;

        Received(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    /** The trap of the execution running in this JVM, for {@link #stopAsIf}; {@code null} before one starts. */
    private static SignalTrap installed;

    private final AtomicReference<Received> received = new AtomicReference<>();
    private final Runnable requestStop;
    private final Duration stopTimeout;
    private final PrintStream err;
    private final CountDownLatch returned = new CountDownLatch(1);

    private SignalTrap(Runnable requestStop, Duration stopTimeout, PrintStream err) {
        this.requestStop = requestStop;
        this.stopTimeout = stopTimeout;
        this.err = err;
    }

    /**
     * Installs the handlers for INT and TERM.
     *
     * @param requestStop asks the execution to stop at its next safe point; called once, from the
     *                    signal's thread, and must not block
     * @param stopTimeout how long the execution may take to return before the process exits anyway
     */
    static SignalTrap install(Runnable requestStop, Duration stopTimeout, PrintStream err) {
        SignalTrap trap = new SignalTrap(requestStop, stopTimeout, err);
        if (!trap.installSignalHandlers()) {
            trap.installShutdownHook();
        }
        synchronized (SignalTrap.class) {
            installed = trap;
        }
        return trap;
    }

    /**
     * Stops this process as {@code signal} would, for a request that does not come as a signal (a
     * process of {@code launcher.jar cluster} told by its launcher to stop, or finding it gone).
     * Unlike a signal, it is never "a second signal": if the process is already stopping, it does
     * nothing more. Before an execution has started there is nothing to stop cleanly, so the JVM
     * exits at once with the signal's code.
     *
     * @param why what asked, for the message on stderr
     */
    static void stopAsIf(Received signal, String why, PrintStream err) {
        SignalTrap trap;
        synchronized (SignalTrap.class) {
            trap = installed;
            if (trap == null) {
                err.println("waxwing: " + why + "; exiting before the dataflow starts");
                err.flush();
                System.exit(signal.exitCode);
                return;
            }
        }
        if (trap.received.compareAndSet(null, signal)) {
            trap.stopping(signal, why);
        }
    }

    /** The signal received, or {@code null}. */
    Received received() {
        return received.get();
    }

    /**
     * The launcher's main thread has finished with the execution and is about to exit; the
     * fallback shutdown hook stops waiting for it.
     */
    void executionReturned() {
        returned.countDown();
    }

    private void onSignal(Received signal) {
        if (!received.compareAndSet(null, signal)) {
            err.println("waxwing: SIG" + received.get() + " received again; exiting now");
            err.flush();
            Runtime.getRuntime().halt(received.get().exitCode);
            return;
        }
        stopping(signal, "SIG" + signal + " received");
    }

    /** The first stop request, {@code signal} or as if it: stop the workers, and exit anyway after the timeout. */
    private void stopping(Received signal, String why) {
        err.println("waxwing: " + why + "; stopping the workers at the next safe point"
                + " (send SIG" + signal + " again to exit at once)");
        err.flush();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(stopTimeout.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            err.println("waxwing: the workers did not stop within " + stopTimeout.toMillis() + " ms; exiting now");
            err.flush();
            Runtime.getRuntime().halt(signal.exitCode);
        }, "waxwing-stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        requestStop.run();
    }

    private boolean installSignalHandlers() {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Constructor<?> newSignal = signalType.getConstructor(String.class);
            Method handle = signalType.getMethod("handle", signalType, handlerType);
            for (Received r : Received.values()) {
                Object handler = Proxy.newProxyInstance(SignalTrap.class.getClassLoader(), new Class<?>[] {handlerType},
                        (proxy, method, args) -> {
                            switch (method.getName()) {
                                case "handle" -> onSignal(r);
                                case "hashCode" -> {
                                    return System.identityHashCode(proxy);
                                }
                                case "equals" -> {
                                    return proxy == args[0];
                                }
                                case "toString" -> {
                                    return "waxwing SIG" + r + " handler";
                                }
                                default -> {
                                    return null;
                                }
                            }
                            return null;
                        });
                handle.invoke(null, newSignal.newInstance(r.name()), handler);
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    private void installShutdownHook() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // The JVM already chose the exit code (128 + signal); only the clean stop is ours to do.
            // On a normal exit the execution has returned already and this returns at once.
            requestStop.run();
            try {
                returned.await(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "waxwing-stop-on-shutdown"));
    }
}
