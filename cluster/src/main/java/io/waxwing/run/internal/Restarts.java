package io.waxwing.run.internal;

import com.typesafe.config.Config;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.errors.WaxwingException;
import io.waxwing.run.RestartStrategy;
import io.waxwing.run.internal.ops.Operations;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restart loop of {@code Execution}'s entry points (docs/recovery.md, "Restarting by itself"):
 * runs an attempt, and after a failure the strategy retries, tears nothing down itself (each attempt
 * owns its actor system) but waits the strategy's delay and runs the next attempt, which resumes
 * from the last committed epoch.
 */
public final class Restarts {
    private static final Logger LOG = LoggerFactory.getLogger(Restarts.class);
    private static final Duration REBIND_PAUSE = Duration.ofMillis(500);

    private Restarts() {
    }

    /** One run of an execution, completing {@code outcome} when it got as far as running. */
    public interface Attempt {
        void run(CompletableFuture<Outcome> outcome);
    }

    /**
     * Runs {@code attempt}, and again after each failure the strategy retries, once the delay has
     * passed; throws what the last failure threw when no restart is left or the failure is not
     * retried. A stop request during the delay ends it normally, as a stop does.
     */
    public static void run(Dataflow flow, RestartStrategy strategy, Operations ops, Config root,
            Attempt attempt) {
        Duration rebindWait = root.getDuration("waxwing.restart.rebind-timeout");
        RestartPolicy policy = new RestartPolicy(strategy);
        long rebindDeadline = 0;
        while (true) {
            CompletableFuture<Outcome> outcome = new CompletableFuture<>();
            try {
                attempt.run(outcome);
                ops.ended(false);
                return;
            } catch (AddressInUseException e) {
                // The previous attempt's actor system may still hold this process's port while it
                // shuts down: wait for it (this is not a new failure), within a bound.
                if (policy.restarts() == 0 || System.nanoTime() - rebindDeadline > 0) {
                    ops.ended(true);
                    throw e;
                }
                LOG.info("dataflow '{}': this process's address is still held by the previous attempt; starting"
                        + " again in {} ms", flow.flowId(), REBIND_PAUSE.toMillis());
                if (!await(REBIND_PAUSE)) {
                    return;
                }
            } catch (RuntimeException | Error e) {
                ops.ended(true);
                Outcome ended = outcome.getNow(null);
                if (!strategy.restarts() || !retryable(ended, policy)) {
                    if (strategy.restarts()) {
                        LOG.error("dataflow '{}' failed with a failure that is never retried ({}); not restarting",
                                flow.flowId(), e.getMessage());
                    }
                    throw e;
                }
                Duration delay = policy.onFailure(System.nanoTime());
                if (delay == null) {
                    LOG.error("dataflow '{}' failed and restart strategy {} allows no more restarts ({} so far):"
                            + " ending with this failure: {}", flow.flowId(), strategy, policy.restarts(),
                            e.getMessage());
                    throw e;
                }
                LOG.warn("dataflow '{}' failed: {}; restart {} ({}) from the last committed epoch in {}",
                        flow.flowId(), e.getMessage(), policy.restarts(), strategy,
                        delay.toString().substring(2).toLowerCase(Locale.ROOT));
                ops.restarting();
                rebindDeadline = System.nanoTime() + delay.toNanos() + rebindWait.toNanos();
                if (!await(delay)) {
                    LOG.info("dataflow '{}' was asked to stop while waiting to restart; not restarting",
                            flow.flowId());
                    return;
                }
            }
        }
    }

    /** Whether the strategy may retry the failure that ended with {@code ended} ({@code null}: before it ran). */
    private static boolean retryable(Outcome ended, RestartPolicy policy) {
        if (ended instanceof Outcome.UserFailure u) {
            return policy.retryable(u.exceptionTypes());
        } else if (ended instanceof Outcome.ClusterFailure c) {
            return c.retryable();
        }
        // A refused recovery store, a stop, or a failure before the execution ran (a bad
        // setting, an address in use): retrying would fail the same way, or undo the user's stop.
        return false;
    }

    /** Waits {@code delay}; {@code false} when a stop was requested meanwhile. */
    private static boolean await(Duration delay) {
        Thread caller = Thread.currentThread();
        StopSignal stop = StopSignal.register(() -> LockSupport.unpark(caller));
        try {
            long deadline = System.nanoTime() + delay.toNanos();
            long left;
            while (!stop.requested() && (left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    caller.interrupt();
                    throw new WaxwingException("interrupted while waiting to restart");
                }
            }
            return !stop.requested();
        } finally {
            stop.unregister();
        }
    }
}
