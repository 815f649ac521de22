package io.waxwing.run.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The coordinator's protocol, actor by actor: supervisors and workers are {@link TestProbe}s, so
 * each branch — registration, a different dataflow, commit agreement, abort, a lost process,
 * processes disagreeing on recovery, registration after the end — is driven message by message.
 */
@Timeout(60)
class ExecutionCoordinatorTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final DataflowFingerprint FLOW = new DataflowFingerprint("abc", "flow f, 1 worker per process");

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    /** Two processes of one worker each, with their supervisors and workers as probes. */
    private static final class TwoProcesses {
        final ActorRef<ExecutionCoordinator.Command> coordinator = KIT.spawn(
                ExecutionCoordinator.create(2, 1, FLOW, 1, "/tmp/store", Duration.ofSeconds(30)));
        final List<TestProbe<ProcessSupervisor.Command>> supervisors = List.of(
                KIT.createTestProbe(ProcessSupervisor.Command.class),
                KIT.createTestProbe(ProcessSupervisor.Command.class));
        final List<TestProbe<WorkerActor.Command>> workers = List.of(
                KIT.createTestProbe(WorkerActor.Command.class), KIT.createTestProbe(WorkerActor.Command.class));

        ExecutionCoordinator.Register register(int proc, DataflowFingerprint fingerprint, RecoveryPart recovery) {
            return new ExecutionCoordinator.Register(proc, fingerprint, List.of(workers.get(proc).ref()),
                    supervisors.get(proc).ref(), recovery);
        }

        void registerBoth() {
            coordinator.tell(register(0, FLOW, new RecoveryPart.NotSpread()));
            coordinator.tell(register(1, FLOW, new RecoveryPart.NotSpread()));
        }

        void expectBegin() {
            for (TestProbe<ProcessSupervisor.Command> s : supervisors) {
                ProcessSupervisor.Begin b = s.expectMessageClass(ProcessSupervisor.Begin.class);
                assertEquals(List.of(workers.get(0).ref(), workers.get(1).ref()), b.workers());
                assertEquals(1, b.startEpoch());
            }
        }

        Outcome expectFinishEverywhere() {
            Outcome first = supervisors.get(0).expectMessageClass(ProcessSupervisor.Finish.class).outcome();
            assertEquals(first, supervisors.get(1).expectMessageClass(ProcessSupervisor.Finish.class).outcome());
            return first;
        }
    }

    @Test
    void beginsOnlyOnceEveryProcessHasRegistered() {
        TwoProcesses c = new TwoProcesses();
        c.coordinator.tell(c.register(0, FLOW, new RecoveryPart.NotSpread()));
        c.supervisors.get(0).expectNoMessage(Duration.ofMillis(200));
        c.coordinator.tell(c.register(1, FLOW, new RecoveryPart.NotSpread()));
        c.expectBegin();
    }

    @Test
    void aProcessWithADifferentDataflowEndsTheExecutionEverywhere() {
        TwoProcesses c = new TwoProcesses();
        c.coordinator.tell(c.register(0, FLOW, new RecoveryPart.NotSpread()));
        c.coordinator.tell(c.register(1, new DataflowFingerprint("xyz", "flow g, 1 worker per process"),
                new RecoveryPart.NotSpread()));
        Outcome o = c.expectFinishEverywhere();
        Outcome.ClusterFailure f = assertInstanceOf(Outcome.ClusterFailure.class, o);
        assertTrue(f.description().contains("process 1 built a different dataflow"), f.description());
    }

    @Test
    void commitsAnEpochOnlyWhenEveryWorkerStoredItAndEndsWhenEveryWorkerFinished() {
        TwoProcesses c = new TwoProcesses();
        c.registerBoth();
        c.expectBegin();
        c.coordinator.tell(new ExecutionCoordinator.Stored(0, 3, false));
        c.supervisors.get(0).expectNoMessage(Duration.ofMillis(200));
        c.coordinator.tell(new ExecutionCoordinator.Stored(1, 2, false));
        for (TestProbe<ProcessSupervisor.Command> s : c.supervisors) {
            assertEquals(new ProcessSupervisor.Commit(2, 0), s.expectMessageClass(ProcessSupervisor.Commit.class));
        }
        c.coordinator.tell(new ExecutionCoordinator.CommitDone(0, 2));
        c.coordinator.tell(new ExecutionCoordinator.CommitDone(1, 2));
        c.coordinator.tell(new ExecutionCoordinator.Stored(1, 4, true));
        for (TestProbe<ProcessSupervisor.Command> s : c.supervisors) {
            assertEquals(new ProcessSupervisor.Commit(3, 2), s.expectMessageClass(ProcessSupervisor.Commit.class));
        }
        c.coordinator.tell(new ExecutionCoordinator.Stored(0, 4, true));
        for (TestProbe<ProcessSupervisor.Command> s : c.supervisors) {
            assertEquals(new ProcessSupervisor.Commit(4, 2), s.expectMessageClass(ProcessSupervisor.Commit.class));
        }
        assertInstanceOf(Outcome.Completed.class, c.expectFinishEverywhere());
    }

    @Test
    void anAbortStopsEveryProcess() {
        TwoProcesses c = new TwoProcesses();
        c.registerBoth();
        c.expectBegin();
        c.coordinator.tell(new ExecutionCoordinator.Aborted(1));
        for (int w = 0; w < 2; w++) {
            c.workers.get(w).expectMessageClass(WorkerActor.StopInputs.class);
            // Nothing was closed before the abort: nothing to wait for.
            c.coordinator.tell(new ExecutionCoordinator.InputsStopped(w, 0));
        }
        assertInstanceOf(Outcome.Stopped.class, c.expectFinishEverywhere());
        c.coordinator.tell(new ExecutionCoordinator.Stored(0, 5, true));
        c.coordinator.tell(new ExecutionCoordinator.Stored(1, 5, true));
        c.supervisors.get(0).expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void aLostProcessFailsTheExecutionEverywhereNamingIt() {
        TwoProcesses c = new TwoProcesses();
        c.registerBoth();
        c.expectBegin();
        c.coordinator.tell(new ExecutionCoordinator.ProcessLost(0, "lost process 1 (127.0.0.1:1234): it became"
                + " unreachable"));
        Outcome.ClusterFailure f = assertInstanceOf(Outcome.ClusterFailure.class, c.expectFinishEverywhere());
        assertTrue(f.description().contains("lost process 1"), f.description());
    }

    @Test
    void aUserFailureOnOneProcessIsToldToEveryProcess() {
        TwoProcesses c = new TwoProcesses();
        c.registerBoth();
        c.expectBegin();
        Outcome failed = new Outcome.UserFailure("f.boom", "java.lang.IllegalStateException: x (on process 1)");
        c.coordinator.tell(new ExecutionCoordinator.Failed(1, failed));
        assertEquals(failed, c.expectFinishEverywhere());
    }

    @Test
    void processesDisagreeingOnRecoveryEndTheExecution() {
        TwoProcesses c = new TwoProcesses();
        c.coordinator.tell(c.register(0, FLOW, new RecoveryPart.NotSpread()));
        c.coordinator.tell(c.register(1, FLOW, new RecoveryPart.Refused(Outcome.Refusal.NO_PARTITIONS, "none")));
        Outcome.ClusterFailure f = assertInstanceOf(Outcome.ClusterFailure.class, c.expectFinishEverywhere());
        assertTrue(f.description().contains("process 1 runs with a recovery directory and process 0 without one"),
                f.description());
    }

    @Test
    void aProcessThatCouldNotOpenItsShareRefusesRecoveryEverywhere() {
        TwoProcesses c = new TwoProcesses();
        c.coordinator.tell(c.register(0, FLOW, new RecoveryPart.Refused(Outcome.Refusal.MISSING_PARTITIONS,
                "partition 2 is missing")));
        c.coordinator.tell(c.register(1, FLOW, new RecoveryPart.Refused(Outcome.Refusal.MISSING_PARTITIONS,
                "partition 3 is missing")));
        Outcome.RecoveryRefused r = assertInstanceOf(Outcome.RecoveryRefused.class, c.expectFinishEverywhere());
        assertEquals(Outcome.Refusal.MISSING_PARTITIONS, r.refusal());
        assertEquals("partition 2 is missing (on process 0)", r.message());
    }

    @Test
    void aProcessRegisteringAfterTheEndIsToldTheSameEnd() {
        TwoProcesses c = new TwoProcesses();
        c.coordinator.tell(c.register(0, FLOW, new RecoveryPart.NotSpread()));
        c.coordinator.tell(new ExecutionCoordinator.StopRequested(0));
        assertInstanceOf(Outcome.Stopped.class,
                c.supervisors.get(0).expectMessageClass(ProcessSupervisor.Finish.class).outcome());
        c.coordinator.tell(c.register(1, FLOW, new RecoveryPart.NotSpread()));
        assertInstanceOf(Outcome.Stopped.class,
                c.supervisors.get(1).expectMessageClass(ProcessSupervisor.Finish.class).outcome());
        c.supervisors.get(1).expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void remembersWhichProcessesEndedTheirPart() {
        TwoProcesses c = new TwoProcesses();
        c.registerBoth();
        c.expectBegin();
        c.coordinator.tell(new ExecutionCoordinator.Stored(0, 1, true));
        c.coordinator.tell(new ExecutionCoordinator.Stored(1, 1, true));
        for (TestProbe<ProcessSupervisor.Command> s : c.supervisors) {
            s.expectMessageClass(ProcessSupervisor.Commit.class);
        }
        c.expectFinishEverywhere();
        TestProbe<Set<Integer>> ended = KIT.createTestProbe();
        c.coordinator.tell(new ExecutionCoordinator.WhichEnded(ended.ref()));
        assertEquals(Set.of(), ended.receiveMessage());
        c.coordinator.tell(new ExecutionCoordinator.Ended(1));
        c.coordinator.tell(new ExecutionCoordinator.WhichEnded(ended.ref()));
        assertEquals(Set.of(1), ended.receiveMessage());
    }
}
