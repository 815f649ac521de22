package io.waxwing.run.internal;

import com.typesafe.config.Config;
import java.util.concurrent.ThreadFactory;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;
import org.apache.pekko.dispatch.ForkJoinExecutorConfigurator;
import org.apache.pekko.dispatch.ThreadPoolExecutorConfigurator;

/**
 * A dispatcher's {@code executor}: Pekko's fork-join or thread-pool executor, as the dispatcher's
 * {@code hand-off-executor} setting says and configured by its usual section, whose threads hand
 * an {@link OutOfMemoryError} to the JVM's default handler ({@link OutOfMemoryHandOff}).
 *
 * <pre>
 * some-dispatcher {
 *   executor = "io.waxwing.run.internal.HandOffExecutorConfigurator"
 *   hand-off-executor = "thread-pool-executor"
 *   thread-pool-executor { fixed-pool-size = 1 }
 * }
 * </pre>
 */
public final class HandOffExecutorConfigurator extends ExecutorServiceConfigurator {
    private final ExecutorServiceConfigurator executor;

    /** Called by Pekko with the dispatcher's configuration. */
    public HandOffExecutorConfigurator(Config config, DispatcherPrerequisites prerequisites) {
        super(config, prerequisites);
        String kind = config.getString("hand-off-executor");
        executor = switch (kind) {
            case "fork-join-executor" -> new ForkJoinExecutorConfigurator(config.getConfig(kind), prerequisites);
            case "thread-pool-executor" -> new ThreadPoolExecutorConfigurator(config.getConfig(kind), prerequisites);
            default -> throw new IllegalArgumentException("hand-off-executor = \"" + kind + "\" in dispatcher "
                    + config.getString("id") + ": only fork-join-executor and thread-pool-executor are supported");
        };
    }

    @Override
    public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
        return executor.createExecutorServiceFactory(id, OutOfMemoryHandOff.threads(threadFactory));
    }
}
