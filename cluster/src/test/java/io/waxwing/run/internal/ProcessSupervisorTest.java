package io.waxwing.run.internal;

import io.waxwing.engine.DataflowPlan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.engine.DataflowPlan;
import io.waxwing.engine.EngineConfig;
import io.waxwing.recovery.Recovery;
import io.waxwing.recovery.RecoveryConfig;
import io.waxwing.recovery.runtime.WholeStore;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process's supervisor (the guardian of its actor system) spawned by an {@link ActorTestKit}, with
 * its real coordinator, workers and recovery store: what it does with a plan, a stop request that
 * comes before the plan, and a commit that cannot be written.
 */
@Timeout(60)
class ProcessSupervisorTest {
    private static final ActorTestKit KIT = ActorTestKit.create("waxwing", EngineSettings.root());

    @TempDir
    Path dbDir;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    private static ProcessSupervisor.Plan plan(Dataflow flow, int workers, ProcessRecovery recovery) {
        EngineConfig config = EngineSettings.load(EngineSettings.root(), Duration.ZERO);
        return new ProcessSupervisor.Plan(DataflowPlan.of(flow), new ProcessSupervisor.Topology(List.of(), 0, workers), config,
                DataflowFingerprint.of(flow, workers),
                new ProcessSupervisor.Settings(Duration.ofSeconds(30), 4 << 20, 256 << 10,
                        Duration.ofSeconds(3)), recovery);
    }

    @Test
    void runsThePlansDataflowToTheEnd() throws Exception {
        List<Integer> out = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = new Dataflow("sup_run");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3))).map("double", x -> x * 2)
                .output("out", new TestingSink<>(out));
        CompletableFuture<Void> result = new CompletableFuture<>();
        KIT.spawn(ProcessSupervisor.create(plan(flow, 2, new ProcessRecovery.None()), result));
        result.get(30, TimeUnit.SECONDS);
        assertEquals(List.of(2, 4, 6), out.stream().sorted().toList());
    }

    @Test
    void aStopRequestedBeforeThePlanArrivesStopsTheExecutionWhenItDoes() throws Exception {
        List<Integer> out = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = new Dataflow("sup_stop");
        flow.input("inp", new TestingSource<Integer>(List.of(1, TestingSource.pause(Duration.ofMinutes(5)), 2)))
                .output("out", new TestingSink<>(out));
        CompletableFuture<Void> result = new CompletableFuture<>();
        ActorRef<ProcessSupervisor.Command> guardian = KIT.spawn(ProcessSupervisor.create(result));
        guardian.tell(ProcessSupervisor.StopLocal.INSTANCE);
        guardian.tell(new ProcessSupervisor.Start(plan(flow, 1, new ProcessRecovery.None())));
        result.get(30, TimeUnit.SECONDS);
        assertTrue(!out.contains(2), "the execution stopped before the pause ended: " + out);
    }

    @Test
    void aCommitThatCannotBeWrittenFailsTheExecution() throws Exception {
        Recovery.initDbDir(dbDir, 1);
        WholeStore store = WholeStore.open(new RecoveryConfig(dbDir), KIT.system());
        CountDownLatch flowing = new CountDownLatch(1);
        Dataflow flow = new Dataflow("sup_commit");
        flow.input("inp", new TestingSource<Integer>(List.of(1, TestingSource.pause(Duration.ofMinutes(5)), 2)))
                .inspect("seen", x -> flowing.countDown())
                .output("out", new TestingSink<>(Collections.synchronizedList(new ArrayList<>())));
        CompletableFuture<Void> result = new CompletableFuture<>();
        ActorRef<ProcessSupervisor.Command> supervisor = KIT.spawn(ProcessSupervisor.create(
                plan(flow, 1, new ProcessRecovery.Whole(store, dbDir)), result));
        assertTrue(flowing.await(30, TimeUnit.SECONDS), "the workers did not start");
        store.close();
        supervisor.tell(new ProcessSupervisor.Commit(1, 0));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> result.get(30, TimeUnit.SECONDS));
        IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(cause.getMessage().contains("recovery store is closed"), cause.getMessage());
    }

    @Test
    void aCommitThatCannotBeWrittenEndsWithAnOutcomeARestartStrategyRetries() throws Exception {
        Recovery.initDbDir(dbDir, 1);
        WholeStore store = WholeStore.open(new RecoveryConfig(dbDir), KIT.system());
        CountDownLatch flowing = new CountDownLatch(1);
        Dataflow flow = new Dataflow("sup_commit_retry");
        flow.input("inp", new TestingSource<Integer>(List.of(1, TestingSource.pause(Duration.ofMinutes(5)), 2)))
                .inspect("seen", x -> flowing.countDown())
                .output("out", new TestingSink<>(Collections.synchronizedList(new ArrayList<>())));
        CompletableFuture<Void> result = new CompletableFuture<>();
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        ActorRef<ProcessSupervisor.Command> supervisor = KIT.spawn(ProcessSupervisor.create(
                plan(flow, 1, new ProcessRecovery.Whole(store, dbDir)), result, outcome));
        assertTrue(flowing.await(30, TimeUnit.SECONDS), "the workers did not start");
        store.close();
        supervisor.tell(new ProcessSupervisor.Commit(1, 0));
        Outcome ended = outcome.get(30, TimeUnit.SECONDS);
        Outcome.ClusterFailure failure = assertInstanceOf(Outcome.ClusterFailure.class, ended);
        assertTrue(failure.retryable(), "a failed store write is retried by a restart strategy: " + failure);
        org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> result.get(30, TimeUnit.SECONDS));
    }
}
