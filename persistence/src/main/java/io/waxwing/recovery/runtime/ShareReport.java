package io.waxwing.recovery.runtime;

import io.waxwing.recovery.internal.PartitionServer;
import io.waxwing.recovery.internal.PartitionSummary;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What one process tells the coordinator about its share of the recovery partitions: what each
 * partition holds, and the server through which the other processes reach them. The runtime
 * carries it between processes without looking inside; {@link ProcessShare#agree} reads it.
 */
public record ShareReport(List<PartitionSummary> summaries, ActorRef<PartitionServer.Command> server) {
    public ShareReport {
        summaries = List.copyOf(summaries);
    }
}
