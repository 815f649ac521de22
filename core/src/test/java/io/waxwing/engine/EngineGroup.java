package io.waxwing.engine;

import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.inputs.AbortExecution;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Several engines wired together in one thread through an in-memory exchange: what the actor
 * runtime does, without actors. Messages are queued per receiver and delivered between
 * activations; the group also plays the coordinator's part and commits stored epochs.
 */
final class EngineGroup {
    private final List<WorkerEngine> engines = new ArrayList<>();
    private final List<ArrayDeque<Envelope>> inboxes = new ArrayList<>();
    private final RecoveryStore store;
    final List<Envelope> sent = new ArrayList<>();

    EngineGroup(Dataflow flow, int workers, RecoveryStore store, Duration epochInterval) {
        this.store = store;
        EngineConfig config = new EngineConfig(epochInterval, 4, 2, 8, java.time.Clock.systemUTC());
        long start = store.committedEpoch() + 1;
        for (int w = 0; w < workers; w++) {
            inboxes.add(new ArrayDeque<>());
        }
        Exchange exchange = (to, envelope) -> {
            sent.add(envelope);
            inboxes.get(to).add(envelope);
        };
        for (int w = 0; w < workers; w++) {
            engines.add(new WorkerEngine(flow, w, workers, exchange, store, start, config));
        }
    }

    /**
     * Runs every engine round-robin until all are done (true) or a source aborts (false).
     */
    boolean runToCompletion(int maxRounds) {
        try {
            for (int round = 0; round < maxRounds; round++) {
                boolean allDone = true;
                for (int w = 0; w < engines.size(); w++) {
                    WorkerEngine e = engines.get(w);
                    for (Envelope env; (env = inboxes.get(w).poll()) != null; ) {
                        e.deliver(env);
                    }
                    allDone &= e.activate() == Activation.DONE;
                }
                commit();
                if (allDone) {
                    return true;
                }
            }
            throw new AssertionError("engines did not finish in " + maxRounds + " rounds");
        } catch (AbortExecution abort) {
            return false;
        } finally {
            engines.forEach(WorkerEngine::close);
        }
    }

    private void commit() {
        long min = Long.MAX_VALUE;
        long max = 0;
        boolean allFinished = true;
        for (WorkerEngine e : engines) {
            max = Math.max(max, e.storedEpoch());
            if (!e.finished()) {
                allFinished = false;
                min = Math.min(min, e.storedEpoch());
            }
        }
        store.commit(allFinished ? max : min);
    }
}
