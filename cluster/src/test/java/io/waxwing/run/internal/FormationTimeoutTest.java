package io.waxwing.run.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * A process of a cluster whose peers never show up ends its part with a clear error once the
 * formation timeout has passed — and not before. The time is {@link ManualTime}: the test moves it.
 */
@Timeout(60)
class FormationTimeoutTest {
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

    @Test
    void aClusterThatDoesNotFormEndsTheProcessAfterTheFormationTimeout() throws Exception {
        Dataflow flow = new Dataflow("formation");
        flow.input("inp", new TestingSource<Integer>(List.of(1))).output("out", new TestingSink<>(new ArrayList<>()));
        EngineConfig config = EngineSettings.load(EngineSettings.root(), Duration.ZERO);
        // Process 1 of two; process 0, at a port nobody listens on, never answers.
        ProcessSupervisor.Plan plan = new ProcessSupervisor.Plan(DataflowPlan.of(flow),
                new ProcessSupervisor.Topology(List.of("127.0.0.1:9", "127.0.0.1:10"), 1, 1), config,
                DataflowFingerprint.of(flow, 1), new ProcessSupervisor.Settings(Duration.ofMinutes(2), 4 << 20,
                        256 << 10), new ProcessRecovery.None());
        CompletableFuture<Void> result = new CompletableFuture<>();
        ActorRef<ProcessSupervisor.Command> supervisor = KIT.spawn(ProcessSupervisor.create(plan, result));
        // An answer proves the supervisor has set itself up, formation timer included.
        TestProbe<Set<Integer>> ready = KIT.createTestProbe();
        supervisor.tell(new ProcessSupervisor.WhichEnded(ready.ref()));
        ready.expectMessage(Set.of());

        TIME.timePasses(Duration.ofSeconds(119));
        assertFalse(result.isDone(), "ended before the formation timeout");
        TIME.timePasses(Duration.ofSeconds(1));
        ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(30, TimeUnit.SECONDS));
        WaxwingException w = assertInstanceOf(WaxwingException.class, e.getCause());
        assertTrue(w.getMessage().contains("the cluster did not form within 2m"), w.getMessage());
    }
}
