package io.waxwing.run.internal.ops;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;

/**
 * The readiness check ({@code /ready}): healthy once every process has joined, the dataflow
 * fingerprints agree and resume state is loaded (this process's workers have started), and no
 * longer once the execution ended or failed. Registered in {@code reference.conf} under
 * {@code pekko.management.health-checks.readiness-checks.waxwing-execution}.
 */
public final class ReadinessCheck implements Supplier<CompletionStage<Boolean>> {
    private final ActorSystem system;

    public ReadinessCheck(ActorSystem system) {
        this.system = system;
    }

    @Override
    public CompletionStage<Boolean> get() {
        // Not ready is expected (at start, at the end): a plain "no", which Pekko does not log as a
        // failure on every probe. The log says why (waiting for processes, ended).
        // A bootstrap process serves its management port while the cluster forms, before its execution: not ready.
        Operations ops = Operations.servedOrNull(system);
        return CompletableFuture.completedFuture(ops != null && ops.health().notReady() == null);
    }
}
