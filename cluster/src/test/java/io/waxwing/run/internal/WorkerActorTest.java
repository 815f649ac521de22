package io.waxwing.run.internal;

import io.waxwing.engine.DataflowPlan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.engine.DataflowPlan;
import io.waxwing.engine.EngineConfig;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.errors.WaxwingRuntimeException;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One worker actor with probes for its supervisor and the coordinator: what it reports about
 * epochs, the end of input, an abort marker and a failing step.
 */
@Timeout(60)
class WorkerActorTest {
    private static final ActorTestKit KIT = ActorTestKit.create("waxwing", EngineSettings.root());

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    private record Probes(TestProbe<ProcessSupervisor.Command> supervisor,
            TestProbe<ExecutionCoordinator.Command> coordinator) {
    }

    private static Probes start(Dataflow flow) {
        EngineConfig config = EngineSettings.load(EngineSettings.root(), Duration.ZERO);
        Probes p = new Probes(KIT.createTestProbe(ProcessSupervisor.Command.class),
                KIT.createTestProbe(ExecutionCoordinator.Command.class));
        ActorRef<WorkerActor.Command> worker = KIT.spawn(WorkerActor.create(0, 1, DataflowPlan.of(flow), config,
                p.supervisor().ref(), new EnvelopeCodec(4 << 20)));
        worker.tell(new WorkerActor.Start(List.of(worker), p.coordinator().ref(), RecoveryStore.NONE, 1));
        return p;
    }

    @Test
    void reportsStoredEpochsInOrderAndFinishesAtTheEndOfInput() {
        List<Integer> out = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = new Dataflow("worker_end");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3))).output("out", new TestingSink<>(out));
        Probes p = start(flow);
        List<Long> epochs = new ArrayList<>();
        p.coordinator().fishForMessage(Duration.ofSeconds(30), m -> {
            ExecutionCoordinator.Stored s = assertInstanceOf(ExecutionCoordinator.Stored.class, m);
            epochs.add(s.epoch());
            return s.finished() ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore();
        });
        assertEquals(epochs.stream().sorted().toList(), epochs, "epochs are reported in order");
        assertEquals(List.of(1, 2, 3), out);
        p.supervisor().expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void anAbortMarkerIsReportedToTheCoordinator() {
        Dataflow flow = new Dataflow("worker_abort");
        flow.input("inp", new TestingSource<Integer>(List.of(1, TestingSource.abort(), 2)))
                .output("out", new TestingSink<>(new ArrayList<>()));
        Probes p = start(flow);
        p.coordinator().fishForMessage(Duration.ofSeconds(30), m -> m instanceof ExecutionCoordinator.Aborted a
                ? (a.worker() == 0 ? FishingOutcomes.complete() : FishingOutcomes.fail("wrong worker " + a.worker()))
                : FishingOutcomes.continueAndIgnore());
    }

    @Test
    void aFailingStepIsReportedToTheSupervisorNamingTheStep() {
        Dataflow flow = new Dataflow("worker_fail");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2)))
                .map("boom", x -> {
                    if (x == 2) {
                        throw new IllegalStateException("two");
                    }
                    return x;
                })
                .output("out", new TestingSink<>(new ArrayList<>()));
        Probes p = start(flow);
        ProcessSupervisor.WorkerFailed f = p.supervisor().expectMessageClass(ProcessSupervisor.WorkerFailed.class,
                Duration.ofSeconds(30));
        WaxwingRuntimeException e = assertInstanceOf(WaxwingRuntimeException.class, f.error());
        assertEquals("worker_fail.boom", e.stepId());
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }
}
