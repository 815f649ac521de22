package io.waxwing.launcher;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops Pekko's "Couldn't join seed nodes" warning, which a process waiting for its peers logs about
 * once a second for as long as the cluster takes to form. Waxwing logs its own line instead, every
 * 10 seconds, naming the processes that have not joined (by id and address). Every other message of
 * Pekko's cluster logger passes. Used by the launcher's {@code logback.xml} ({@code conf/logback.xml}):
 *
 * <pre>{@code
 * <appender ...>
 *   <filter class="io.waxwing.launcher.JoinRetryLogFilter"/>
 * </appender>
 * }</pre>
 */
public final class JoinRetryLogFilter extends Filter<ILoggingEvent> {
    static final String LOGGER = "org.apache.pekko.cluster.Cluster";
    static final String MESSAGE = "Couldn't join seed nodes";

    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (LOGGER.equals(event.getLoggerName()) && event.getFormattedMessage() != null
                && event.getFormattedMessage().contains(MESSAGE)) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
