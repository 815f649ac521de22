package io.waxwing.run.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.engine.DataflowPlan;
import io.waxwing.engine.EngineConfig;
import io.waxwing.engine.recovery.RecoveryStore;
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
 * A worker actor's side of the stop protocol ({@link WorkerActor.StopInputs}): it stops reading
 * its inputs, tells the coordinator the last epoch they closed, and keeps storing what is in flight
 * — also after a source aborted, and when the request overtakes its {@link WorkerActor.Start}.
 */
@Timeout(60)
class WorkerStopInputsTest {
    private static final ActorTestKit KIT = ActorTestKit.create("waxwing", EngineSettings.root());

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    private static Dataflow flow(List<?> items, List<Integer> out) {
        Dataflow flow = new Dataflow("worker_stop");
        flow.input("inp", new TestingSource<Integer>(items)).output("out", new TestingSink<>(out));
        return flow;
    }

    private static ActorRef<WorkerActor.Command> spawn(Dataflow flow, TestProbe<ProcessSupervisor.Command> sup) {
        EngineConfig config = EngineSettings.load(EngineSettings.root(), Duration.ZERO);
        return KIT.spawn(WorkerActor.create(0, 1, DataflowPlan.of(flow), config, sup.ref(),
                new EnvelopeCodec(4 << 20)));
    }

    private static void start(ActorRef<WorkerActor.Command> worker, TestProbe<ExecutionCoordinator.Command> coord) {
        worker.tell(new WorkerActor.Start(List.of(worker), coord.ref(), RecoveryStore.NONE, 1));
    }

    @Test
    void aStopThatOvertookTheStartStopsTheInputsBeforeTheyAreRead() {
        List<Integer> out = Collections.synchronizedList(new ArrayList<>());
        TestProbe<ProcessSupervisor.Command> sup = KIT.createTestProbe(ProcessSupervisor.Command.class);
        TestProbe<ExecutionCoordinator.Command> coord = KIT.createTestProbe(ExecutionCoordinator.Command.class);
        ActorRef<WorkerActor.Command> worker = spawn(flow(List.of(1, 2, 3), out), sup);

        worker.tell(new WorkerActor.StopInputs("test"));
        start(worker, coord);

        assertEquals(new ExecutionCoordinator.InputsStopped(0, 0),
                coord.expectMessageClass(ExecutionCoordinator.InputsStopped.class));
        coord.expectNoMessage(Duration.ofMillis(300));
        assertEquals(List.of(), out);
    }

    @Test
    void afterAnAbortTheWorkerReportsTheEpochItsInputsClosedAndStoresIt() {
        List<Integer> out = Collections.synchronizedList(new ArrayList<>());
        TestProbe<ProcessSupervisor.Command> sup = KIT.createTestProbe(ProcessSupervisor.Command.class);
        TestProbe<ExecutionCoordinator.Command> coord = KIT.createTestProbe(ExecutionCoordinator.Command.class);
        ActorRef<WorkerActor.Command> worker = spawn(flow(List.of(1, TestingSource.abort(), 2), out), sup);
        start(worker, coord);
        long[] stored = {0};
        coord.fishForMessage(Duration.ofSeconds(30), m -> {
            if (m instanceof ExecutionCoordinator.Stored s) {
                stored[0] = Math.max(stored[0], s.epoch());
                return FishingOutcomes.continueAndIgnore();
            }
            return m instanceof ExecutionCoordinator.Aborted ? FishingOutcomes.complete()
                    : FishingOutcomes.fail("unexpected " + m);
        });

        worker.tell(new WorkerActor.StopInputs("worker 0 aborted"));

        // Epoch 1 held item 1 and was closed before the abort: reported, and stored.
        coord.fishForMessage(Duration.ofSeconds(30), m -> {
            if (m instanceof ExecutionCoordinator.Stored s) {
                stored[0] = Math.max(stored[0], s.epoch());
                return FishingOutcomes.continueAndIgnore();
            }
            ExecutionCoordinator.InputsStopped i = assertInstanceOf(ExecutionCoordinator.InputsStopped.class, m);
            assertEquals(new ExecutionCoordinator.InputsStopped(0, 1), i);
            return FishingOutcomes.complete();
        });
        if (stored[0] < 1) {
            assertEquals(1, coord.expectMessageClass(ExecutionCoordinator.Stored.class).epoch());
        }
        assertEquals(List.of(1), out);
        sup.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void aWorkerWhoseInputsEndedAsksTheCoordinatorToWaitForNoEpoch() {
        List<Integer> out = Collections.synchronizedList(new ArrayList<>());
        TestProbe<ProcessSupervisor.Command> sup = KIT.createTestProbe(ProcessSupervisor.Command.class);
        TestProbe<ExecutionCoordinator.Command> coord = KIT.createTestProbe(ExecutionCoordinator.Command.class);
        ActorRef<WorkerActor.Command> worker = spawn(flow(List.of(1, 2), out), sup);
        start(worker, coord);
        coord.fishForMessage(Duration.ofSeconds(30), m -> m instanceof ExecutionCoordinator.Stored s && s.finished()
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());

        worker.tell(new WorkerActor.StopInputs("process 0 was asked to stop"));

        assertEquals(new ExecutionCoordinator.InputsStopped(0, Long.MAX_VALUE),
                coord.expectMessageClass(ExecutionCoordinator.InputsStopped.class));
        assertEquals(List.of(1, 2), out);
    }
}
