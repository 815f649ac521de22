package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class JoinRetryLogFilterTest {
    private final LoggerContext context = new LoggerContext();
    private final JoinRetryLogFilter filter = new JoinRetryLogFilter();

    private FilterReply decide(String logger, Level level, String message) {
        return filter.decide(new LoggingEvent(JoinRetryLogFilterTest.class.getName(), context.getLogger(logger), level,
                message, null, null));
    }

    @Test
    void pekkosRepeatedSeedJoinWarningIsDropped() {
        assertEquals(FilterReply.DENY, decide("org.apache.pekko.cluster.Cluster", Level.WARN,
                "Cluster Node [pekko://waxwing@127.0.0.1:2] - Couldn't join seed nodes after [3] attempts, will try"
                        + " again. seed-nodes=[pekko://waxwing@127.0.0.1:1]"));
    }

    @Test
    void everyOtherMessagePasses() {
        assertEquals(FilterReply.NEUTRAL, decide("org.apache.pekko.cluster.Cluster", Level.WARN,
                "Cluster Node [pekko://waxwing@127.0.0.1:2] - Scheduled sending of heartbeat was delayed"));
        assertEquals(FilterReply.NEUTRAL, decide("io.waxwing.run.internal.ProcessSupervisor", Level.WARN,
                "Couldn't join seed nodes"));
    }
}
