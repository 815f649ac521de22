package io.waxwing.run.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigFactory;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.engine.DataflowPlan;
import io.waxwing.engine.EngineConfig;
import io.waxwing.errors.WaxwingException;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * A process waiting for peers that never join logs who is missing every 10 seconds, and its
 * formation timeout names them by id and address. The time is {@link ManualTime}.
 */
@Timeout(60)
class FormationMissingProcessesTest {
    private static final ActorTestKit KIT = ActorTestKit.create("waxwing", ManualTime.config()
            .withFallback(ConfigFactory.parseString("pekko.actor.provider = cluster\n"
                    + "pekko.remote.artery.canonical.hostname = 127.0.0.1\n"
                    + "pekko.remote.artery.canonical.port = 0\n"))
            .withFallback(EngineSettings.root()));
    private static final ManualTime TIME = ManualTime.get(KIT.system());

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    private static List<String> warnings(ListAppender<ILoggingEvent> log) {
        synchronized (log) {
            List<String> out = new ArrayList<>();
            for (ILoggingEvent e : log.list) {
                if (e.getLevel() == Level.WARN) {
                    out.add(e.getFormattedMessage());
                }
            }
            return out;
        }
    }

    private static List<String> awaitWarnings(ListAppender<ILoggingEvent> log, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (warnings(log).size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return warnings(log);
    }

    @Test
    void theWaitAndTheTimeoutNameTheProcessesThatNeverJoined() throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(
                ProcessSupervisor.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            Dataflow flow = new Dataflow("formation_missing");
            flow.input("inp", new TestingSource<Integer>(List.of(1)))
                    .output("out", new TestingSink<>(new ArrayList<>()));
            EngineConfig config = EngineSettings.load(EngineSettings.root(), Duration.ZERO);
            // Process 2 of three; processes 0 and 1, at ports nobody listens on, never answer.
            List<String> addrs = List.of("127.0.0.1:9", "127.0.0.1:11", "127.0.0.1:13");
            ProcessSupervisor.Plan plan = new ProcessSupervisor.Plan(DataflowPlan.of(flow),
                    new ProcessSupervisor.Topology(addrs, 2, 1), config, DataflowFingerprint.of(flow, 1),
                    new ProcessSupervisor.Settings(Duration.ofSeconds(35), 4 << 20, 256 << 10, Duration.ofSeconds(3)),
                    new ProcessRecovery.None());
            CompletableFuture<Void> result = new CompletableFuture<>();
            ActorRef<ProcessSupervisor.Command> supervisor = KIT.spawn(ProcessSupervisor.create(plan, result));
            TestProbe<Set<Integer>> ready = KIT.createTestProbe();
            supervisor.tell(new ProcessSupervisor.WhichEnded(ready.ref()));
            ready.expectMessage(Set.of());

            TIME.timePasses(Duration.ofSeconds(9));
            Thread.sleep(200);
            assertEquals(List.of(), warnings(log), "nothing before the first 10 s");
            TIME.timePasses(Duration.ofSeconds(1));
            List<String> first = awaitWarnings(log, 1);
            assertEquals(1, first.size(), first::toString);
            String line = first.get(0);
            assertTrue(line.contains("process 2 has waited 10s of 35s"), line);
            assertTrue(line.contains("process 0 (127.0.0.1:9), process 1 (127.0.0.1:11) have not joined"), line);
            assertTrue(line.contains("only process 0 can form the cluster"), line);

            TIME.timePasses(Duration.ofSeconds(20));
            List<String> three = awaitWarnings(log, 3);
            assertEquals(3, three.size(), "one line every 10 s: " + three);
            assertTrue(three.get(2).contains("waited 30s of 35s"), three.get(2));
            assertFalse(result.isDone(), "ended before the formation timeout");

            TIME.timePasses(Duration.ofSeconds(5));
            ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(30, TimeUnit.SECONDS));
            WaxwingException w = assertInstanceOf(WaxwingException.class, e.getCause());
            assertTrue(w.getMessage().contains("the cluster did not form within 35s: process 0 (127.0.0.1:9),"
                    + " process 1 (127.0.0.1:11) have not joined"), w.getMessage());
            assertTrue(w.getMessage().contains("waxwing.cluster.formation-timeout"), w.getMessage());
            // No progress line after the end.
            TIME.timePasses(Duration.ofSeconds(20));
            Thread.sleep(200);
            assertEquals(3, warnings(log).size(), warnings(log)::toString);
        } finally {
            logger.detachAppender(log);
        }
    }
}
