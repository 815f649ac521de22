package io.waxwing.run.internal.ops;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;

/**
 * The liveness check ({@code /alive}): unhealthy once the execution is stuck — it started, has
 * not ended, and committed no epoch for longer than {@code waxwing.management.health.stuck-after-epochs}
 * epoch intervals (at least {@code stuck-after-min}). Registered in {@code reference.conf} under
 * {@code pekko.management.health-checks.liveness-checks.waxwing-progress}.
 */
public final class LivenessCheck implements Supplier<CompletionStage<Boolean>> {
    private final ActorSystem system;

    public LivenessCheck(ActorSystem system) {
        this.system = system;
    }

    @Override
    public CompletionStage<Boolean> get() {
        // A bootstrap process serves its management port while the cluster forms, before its execution:
        // alive (the formation timeout bounds the wait).
        Operations ops = Operations.servedOrNull(system);
        String why = ops == null ? null : ops.health().stuck();
        return why == null ? CompletableFuture.completedFuture(true)
                : CompletableFuture.failedFuture(new IllegalStateException("stuck: " + why));
    }
}
