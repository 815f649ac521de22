package io.waxwing.run.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The coordinator's stopping phase, message by message: an abort or a stop request while the
 * workers run makes every worker stop its inputs ({@link WorkerActor.StopInputs}); the execution
 * ends once the epochs every input closed before the stop ({@link ExecutionCoordinator.InputsStopped})
 * are committed, or after the stop timeout.
 */
@Timeout(60)
class CoordinatorStopProtocolTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final DataflowFingerprint FLOW = new DataflowFingerprint("abc", "flow f, 1 worker per process");
    private static final Duration NO_ANSWER = Duration.ofMillis(300);

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    /** Two processes of one worker each, started at epoch 1, their supervisors and workers probes. */
    private static final class Running {
        final ActorRef<ExecutionCoordinator.Command> coordinator;
        final List<TestProbe<ProcessSupervisor.Command>> supervisors = List.of(
                KIT.createTestProbe(ProcessSupervisor.Command.class),
                KIT.createTestProbe(ProcessSupervisor.Command.class));
        final List<TestProbe<WorkerActor.Command>> workers = List.of(
                KIT.createTestProbe(WorkerActor.Command.class), KIT.createTestProbe(WorkerActor.Command.class));

        Running(Duration stopTimeout) {
            coordinator = KIT.spawn(ExecutionCoordinator.create(2, 1, FLOW, 1, "/tmp/store", stopTimeout));
            for (int p = 0; p < 2; p++) {
                coordinator.tell(new ExecutionCoordinator.Register(p, FLOW, List.of(workers.get(p).ref()),
                        supervisors.get(p).ref(), new RecoveryPart.NotSpread()));
            }
            for (TestProbe<ProcessSupervisor.Command> s : supervisors) {
                s.expectMessageClass(ProcessSupervisor.Begin.class);
            }
        }

        void expectStopInputsAtEveryWorker() {
            for (TestProbe<WorkerActor.Command> w : workers) {
                w.expectMessageClass(WorkerActor.StopInputs.class);
            }
        }

        void expectCommitEverywhere(long epoch) {
            for (TestProbe<ProcessSupervisor.Command> s : supervisors) {
                assertEquals(epoch, s.expectMessageClass(ProcessSupervisor.Commit.class).epoch());
            }
        }

        Outcome expectFinishEverywhere() {
            Outcome first = supervisors.get(0).expectMessageClass(ProcessSupervisor.Finish.class).outcome();
            assertEquals(first, supervisors.get(1).expectMessageClass(ProcessSupervisor.Finish.class).outcome());
            return first;
        }

        void expectNothingAtSupervisors() {
            supervisors.get(0).expectNoMessage(Duration.ofMillis(200));
            supervisors.get(1).expectNoMessage(Duration.ofMillis(50));
        }
    }

    @Test
    void aStopRequestEndsTheExecutionOnlyOnceTheEpochsEveryInputClosedAreCommitted() {
        Running r = new Running(Duration.ofSeconds(30));
        r.coordinator.tell(new ExecutionCoordinator.StopRequested(1));
        r.expectStopInputsAtEveryWorker();
        r.coordinator.tell(new ExecutionCoordinator.InputsStopped(0, 3));
        r.coordinator.tell(new ExecutionCoordinator.InputsStopped(1, 2));
        r.expectNothingAtSupervisors();

        r.coordinator.tell(new ExecutionCoordinator.Stored(0, 1, false));
        r.coordinator.tell(new ExecutionCoordinator.Stored(1, 1, false));
        r.expectCommitEverywhere(1);
        r.expectNothingAtSupervisors();

        // Epoch 2 is the last one closed by every input: committed, the execution ends.
        r.coordinator.tell(new ExecutionCoordinator.Stored(0, 3, false));
        r.coordinator.tell(new ExecutionCoordinator.Stored(1, 2, false));
        r.expectCommitEverywhere(2);
        assertInstanceOf(Outcome.Stopped.class, r.expectFinishEverywhere());
    }

    @Test
    void theExecutionWaitsUntilEveryWorkerToldWhereItsInputsStopped() {
        Running r = new Running(Duration.ofSeconds(30));
        r.coordinator.tell(new ExecutionCoordinator.Aborted(0));
        r.expectStopInputsAtEveryWorker();
        r.coordinator.tell(new ExecutionCoordinator.Stored(0, 2, false));
        r.coordinator.tell(new ExecutionCoordinator.Stored(1, 2, false));
        r.expectCommitEverywhere(2);
        r.coordinator.tell(new ExecutionCoordinator.InputsStopped(0, 2));
        r.expectNothingAtSupervisors();

        r.coordinator.tell(new ExecutionCoordinator.InputsStopped(1, 2));
        assertInstanceOf(Outcome.Stopped.class, r.expectFinishEverywhere());
    }

    @Test
    void furtherAbortsAndStopRequestsWhileStoppingAskNoWorkerAgain() {
        Running r = new Running(Duration.ofSeconds(30));
        r.coordinator.tell(new ExecutionCoordinator.Aborted(0));
        r.expectStopInputsAtEveryWorker();
        r.coordinator.tell(new ExecutionCoordinator.Aborted(1));
        r.coordinator.tell(new ExecutionCoordinator.StopRequested(0));
        r.workers.get(0).expectNoMessage(Duration.ofMillis(200));
        r.workers.get(1).expectNoMessage(Duration.ofMillis(50));
        r.expectNothingAtSupervisors();
    }

    @Test
    void whenEveryInputHadEndedTheExecutionEndsOnceEveryWorkerFinished() {
        Running r = new Running(Duration.ofSeconds(30));
        r.coordinator.tell(new ExecutionCoordinator.StopRequested(0));
        r.expectStopInputsAtEveryWorker();
        r.coordinator.tell(new ExecutionCoordinator.InputsStopped(0, Long.MAX_VALUE));
        r.coordinator.tell(new ExecutionCoordinator.InputsStopped(1, Long.MAX_VALUE));
        r.expectNothingAtSupervisors();

        r.coordinator.tell(new ExecutionCoordinator.Stored(0, 4, true));
        r.coordinator.tell(new ExecutionCoordinator.Stored(1, 4, true));
        r.expectCommitEverywhere(4);
        assertInstanceOf(Outcome.Stopped.class, r.expectFinishEverywhere());
    }

    @Test
    void workersThatDoNotAnswerEndTheExecutionAfterTheStopTimeoutWithWhatIsCommitted() {
        Running r = new Running(NO_ANSWER);
        r.coordinator.tell(new ExecutionCoordinator.Aborted(1));
        r.expectStopInputsAtEveryWorker();
        r.coordinator.tell(new ExecutionCoordinator.InputsStopped(0, 5));

        assertInstanceOf(Outcome.Stopped.class, r.expectFinishEverywhere());
        r.coordinator.tell(new ExecutionCoordinator.Stored(0, 5, false));
        r.coordinator.tell(new ExecutionCoordinator.Stored(1, 5, false));
        r.expectNothingAtSupervisors();
    }

    @Test
    void aFailureWhileStoppingEndsTheExecutionWithTheFailure() {
        Running r = new Running(Duration.ofSeconds(30));
        r.coordinator.tell(new ExecutionCoordinator.StopRequested(0));
        r.expectStopInputsAtEveryWorker();
        Outcome failed = new Outcome.UserFailure("f.boom", "java.lang.IllegalStateException: x (on process 1)");
        r.coordinator.tell(new ExecutionCoordinator.Failed(1, failed));
        assertEquals(failed, r.expectFinishEverywhere());
    }
}
