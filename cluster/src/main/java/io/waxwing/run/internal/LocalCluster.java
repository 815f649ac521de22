package io.waxwing.run.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.engine.EngineConfig;
import io.waxwing.engine.RecoveryStore;
import io.waxwing.engine.WorkerEngine;
import io.waxwing.errors.WaxwingException;
import io.waxwing.internal.graph.GraphAccess;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * {@code clusterMain} without addresses: one ActorSystem for this execution, one worker actor per
 * worker, torn down — threads and all — before the call returns.
 */
public final class LocalCluster {
    private LocalCluster() {
    }

    public static void run(Dataflow flow, int workerCount, EngineConfig config, RecoveryStore store, Config root) {
        WorkerEngine.validate(flow, GraphAccess.of(flow).steps());
        Config systemConfig = ConfigFactory
                .parseString("waxwing.worker-dispatcher.thread-pool-executor.fixed-pool-size = " + workerCount)
                .withFallback(root);
        CompletableFuture<Void> result = new CompletableFuture<>();
        long startEpoch = store.committedEpoch() + 1;
        ActorSystem<ExecutionCoordinator.Command> system = ActorSystem.create(
                ExecutionCoordinator.create(flow, workerCount, config, store, startEpoch, result), "waxwing",
                systemConfig);
        StopSignal stop = StopSignal.register(() -> system.tell(ExecutionCoordinator.Stop.INSTANCE));
        try {
            result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WaxwingException("clusterMain was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new WaxwingException("execution failed", cause);
        } finally {
            stop.unregister();
            system.terminate();
            awaitTermination(system, root.getDuration("waxwing.runtime.shutdown-timeout"));
        }
    }

    private static void awaitTermination(ActorSystem<?> system, Duration timeout) {
        try {
            system.getWhenTerminated().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            org.slf4j.LoggerFactory.getLogger(LocalCluster.class)
                    .warn("the actor system did not terminate within {}", timeout, e);
        }
    }
}
