package io.waxwing.run.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two actor systems form a real two-member cluster on loopback; process 0's supervisor waits for
 * process 1, whose system then stops without leaving. Process 0 must not wait for the dead peer:
 * it ends its part at once, naming the lost process.
 */
@Timeout(90)
class LostPeerTest {
    private static final Config CLUSTER = ConfigFactory.parseString("pekko.actor.provider = cluster\n"
            + "pekko.remote.artery.canonical.hostname = 127.0.0.1\n"
            + "pekko.remote.artery.canonical.port = 0\n").withFallback(EngineSettings.root());

    private final ActorTestKit zero = ActorTestKit.create("waxwing", CLUSTER);
    private final ActorTestKit one = ActorTestKit.create("waxwing", CLUSTER);

    @AfterEach
    void shutdown() {
        one.shutdownTestKit();
        zero.shutdownTestKit();
    }

    private static String hostPort(ActorTestKit kit) {
        Address a = Cluster.get(kit.system()).selfMember().address();
        return a.host().get() + ":" + a.port().get();
    }

    @Test
    void aPeerThatBecomesUnreachableEndsTheProcessNamingIt() throws Exception {
        Address first = Cluster.get(zero.system()).selfMember().address();
        Cluster.get(zero.system()).manager().tell(Join.create(first));
        Cluster.get(one.system()).manager().tell(Join.create(first));
        TestProbe<Object> probe = zero.createTestProbe();
        probe.awaitAssert(Duration.ofSeconds(30), () -> {
            int up = 0;
            for (Member m : Cluster.get(zero.system()).state().getMembers()) {
                if (m.status() == MemberStatus.up()) {
                    up++;
                }
            }
            assertEquals(2, up, "members up");
            return null;
        });

        Dataflow flow = new Dataflow("lost_peer");
        flow.input("inp", new TestingSource<Integer>(List.of(1, TestingSource.pause(Duration.ofMinutes(5)))))
                .output("out", new TestingSink<>(new ArrayList<>()));
        EngineConfig config = EngineSettings.load(EngineSettings.root(), Duration.ZERO);
        String peer = hostPort(one);
        ProcessSupervisor.Plan plan = new ProcessSupervisor.Plan(DataflowPlan.of(flow),
                new ProcessSupervisor.Topology(List.of(hostPort(zero), peer), 0, 1), config,
                DataflowFingerprint.of(flow, 1), new ProcessSupervisor.Settings(Duration.ofMinutes(5), 4 << 20,
                        256 << 10), new ProcessRecovery.None());
        CompletableFuture<Void> result = new CompletableFuture<>();
        zero.spawn(ProcessSupervisor.create(plan, result));

        one.shutdownTestKit();
        ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(60, TimeUnit.SECONDS));
        WaxwingException w = assertInstanceOf(WaxwingException.class, e.getCause());
        assertTrue(w.getMessage().contains("lost process 1 (" + peer + ")"), w.getMessage());
    }
}
