package io.waxwing.run.internal;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.engine.Activation;
import io.waxwing.engine.EngineConfig;
import io.waxwing.engine.RecoveryStore;
import io.waxwing.engine.WorkerEngine;
import io.waxwing.inputs.AbortExecution;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code runMain}: one worker engine driven in a loop on the calling thread, its exchanges looping
 * back to itself.
 */
public final class SingleWorkerRun {
    private static final Logger LOG = LoggerFactory.getLogger(SingleWorkerRun.class);

    private SingleWorkerRun() {
    }

    public static void run(Dataflow flow, EngineConfig config, RecoveryStore store, Duration idleCheck) {
        Thread caller = Thread.currentThread();
        StopSignal stop = StopSignal.register(() -> LockSupport.unpark(caller));
        WorkerEngine[] self = new WorkerEngine[1];
        long startEpoch = store.committedEpoch() + 1;
        try (WorkerEngine engine = new WorkerEngine(flow, 0, 1, (to, env) -> self[0].deliver(env), store, startEpoch,
                config)) {
            self[0] = engine;
            long committed = startEpoch - 1;
            while (!stop.requested()) {
                Activation a = engine.activate();
                if (engine.storedEpoch() > committed) {
                    committed = engine.storedEpoch();
                    store.commit(committed);
                }
                if (a == Activation.DONE) {
                    return;
                }
                if (a == Activation.IDLE) {
                    idle(engine.nextWake(), config, idleCheck);
                }
            }
            LOG.info("dataflow {} stopped on request; the open epoch was not stored", flow.flowId());
        } catch (AbortExecution abort) {
            LOG.info("dataflow {} aborted by its source; the open epoch was not stored", flow.flowId());
        } finally {
            stop.unregister();
        }
    }

    private static void idle(Instant wake, EngineConfig config, Duration idleCheck) {
        long max = idleCheck.toNanos();
        long nanos = wake == null ? max
                : Math.min(max, Duration.between(config.clock().instant(), wake).toNanos());
        if (nanos > 0) {
            LockSupport.parkNanos(nanos);
        } else {
            Thread.onSpinWait();
        }
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new io.waxwing.errors.WaxwingException("runMain was interrupted");
        }
    }
}
