package io.waxwing.run.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.dispatch.MonitorableThreadFactory;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.concurrent.ExecutionContext;

/** Pekko's threads hand an out-of-memory error to the JVM's default handler before Pekko's own exits the JVM. */
class OutOfMemoryHandOffTest {
    private static final Config ROOT = EngineSettings.root();

    @Test
    void everyDispatcherAndTheSchedulerOfAnExecutionsSystemHandOff() throws Exception {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "hand-off",
                ProcessRun.systemConfig(List.of(), 0, 2, ROOT));
        try {
            for (DispatcherSelector d : List.of(DispatcherSelector.defaultDispatcher(), DispatcherSelector.blocking(),
                    DispatcherSelector.fromConfig("pekko.actor.internal-dispatcher"),
                    DispatcherSelector.fromConfig("pekko.remote.default-remote-dispatcher"),
                    DispatcherSelector.fromConfig("waxwing.worker-dispatcher"),
                    DispatcherSelector.fromConfig("waxwing.recovery-dispatcher"))) {
                Executor executor = system.dispatchers().lookup(d);
                Thread.UncaughtExceptionHandler h = CompletableFuture
                        .supplyAsync(() -> Thread.currentThread().getUncaughtExceptionHandler(), executor)
                        .get(10, TimeUnit.SECONDS);
                assertInstanceOf(OutOfMemoryHandOff.class, h, d.toString());
            }
            CompletableFuture<Thread.UncaughtExceptionHandler> scheduler = new CompletableFuture<>();
            // Run on the scheduler's own thread, as a timer's message send does.
            system.scheduler().scheduleOnce(Duration.ofMillis(1),
                    () -> scheduler.complete(Thread.currentThread().getUncaughtExceptionHandler()),
                    ExecutionContext.fromExecutor(Runnable::run));
            assertInstanceOf(OutOfMemoryHandOff.class, scheduler.get(10, TimeUnit.SECONDS), "scheduler");
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void anOutOfMemoryErrorGoesToTheJvmsHandlerFirstAndEverythingToPekkosAfter() throws Exception {
        List<Throwable> jvm = new ArrayList<>();
        List<Throwable> pekko = new ArrayList<>();
        MonitorableThreadFactory factory = new MonitorableThreadFactory("test", true, Option.empty(),
                (t, e) -> pekko.add(e), new AtomicLong());
        Thread thread = OutOfMemoryHandOff.threads(factory).newThread(() -> { });
        Thread.UncaughtExceptionHandler handler = thread.getUncaughtExceptionHandler();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> jvm.add(e));
        try {
            OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
            RuntimeException wrapped = new RuntimeException("wrapped", oom);
            StackOverflowError overflow = new StackOverflowError();
            handler.uncaughtException(thread, wrapped);
            handler.uncaughtException(thread, overflow);
            assertEquals(List.of(oom), jvm);
            assertEquals(List.of(wrapped, overflow), pekko);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        // Pekko copies its factories (withName): a copy already handing off is not wrapped again.
        ThreadFactory once = OutOfMemoryHandOff.threads(factory);
        assertSame(once, OutOfMemoryHandOff.threads(once));
    }
}
