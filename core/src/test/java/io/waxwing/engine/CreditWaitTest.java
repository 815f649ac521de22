package io.waxwing.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.engine.recovery.InMemoryRecoveryStore;
import io.waxwing.inputs.DynamicSource;
import io.waxwing.inputs.StatelessSourcePartition;
import io.waxwing.testing.TestingSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A worker out of credit towards a peer that is behind waits for that peer's acknowledgement (a
 * message, which activates it), not for its sources' wake times: with a source that is always due
 * it would otherwise be activated again at once, over and over, reading nothing.
 */
class CreditWaitTest {

    /** A polling source that is always due: each batch is one number, and it asks to be polled at the epoch. */
    private static final class AlwaysDue implements DynamicSource<Integer> {
        @Override
        public StatelessSourcePartition<Integer> build(String stepId, int workerIndex, int workerCount) {
            return new StatelessSourcePartition<>() {
                private int next;

                @Override
                public List<Integer> nextBatch() {
                    return List.of(next++);
                }

                @Override
                public Instant nextAwake() {
                    return Instant.EPOCH;
                }
            };
        }
    }

    @Test
    void aWorkerOutOfCreditAsksForNoWakeBeforeThePeerAcknowledges() {
        Dataflow flow = new Dataflow("credit");
        flow.input("inp", new AlwaysDue()).redistribute("spread").output("out", new TestingSink<>(new ArrayList<>()));
        List<Envelope> toPeer = new ArrayList<>();
        WorkerEngine[] self = new WorkerEngine[1];
        // Worker 0 of 2; worker 1 never reads what it is sent, so it never gives credit back.
        // One item per batch, one batch in flight per channel, one epoch for the whole test.
        EngineConfig config = new EngineConfig(Duration.ofHours(1), 1, 1, 64, Clock.systemUTC());
        self[0] = new WorkerEngine(DataflowPlan.of(flow), 0, 2, (to, env) -> {
            if (to == 0) {
                self[0].deliver(env);
            } else {
                toPeer.add(env);
            }
        }, new InMemoryRecoveryStore(), 1, config);
        WorkerEngine engine = self[0];

        Activation a;
        int activations = 0;
        do {
            a = engine.activate();
            assertTrue(++activations < 100, "the engine kept asking to be activated while out of credit");
        } while (a == Activation.READY);

        assertEquals(Activation.IDLE, a);
        // Only the peer's acknowledgement can give this worker work before the epoch's end.
        assertTrue(engine.nextWake().isAfter(Instant.now().plus(Duration.ofMinutes(30))),
                "asked to be woken at " + engine.nextWake() + " while out of credit");
        long dataSent = toPeer.stream().filter(e -> e.message() instanceof Message.Data).count();
        assertEquals(1, dataSent, "one batch in flight: the channel's credit");

        // The peer acknowledges: the worker reads again.
        engine.deliver(new Envelope(toPeer.get(0).exchange(), 1, new Message.Ack(1)));
        assertEquals(Activation.READY, engine.activate());
        engine.close();
    }
}
