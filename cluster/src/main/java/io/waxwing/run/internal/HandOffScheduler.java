package io.waxwing.run.internal;

import com.typesafe.config.Config;
import java.util.concurrent.ThreadFactory;
import org.apache.pekko.actor.LightArrayRevolverScheduler;
import org.apache.pekko.event.LoggingAdapter;

/**
 * Pekko's scheduler ({@code pekko.scheduler.implementation}), whose thread hands an
 * {@link OutOfMemoryError} to the JVM's default handler ({@link OutOfMemoryHandOff}): timers send
 * their messages from it, so it allocates as often as the actors do.
 */
public final class HandOffScheduler extends LightArrayRevolverScheduler {
    /** Called by Pekko as it starts the actor system. */
    public HandOffScheduler(Config config, LoggingAdapter log, ThreadFactory threadFactory) {
        super(config, log, OutOfMemoryHandOff.threads(threadFactory));
    }
}
