package io.waxwing.recovery.runtime;

/**
 * What every process's share of the recovery partitions, checked together, agreed on: how many
 * partitions the store has and the epoch the execution resumes after (0 when nothing was committed).
 */
public record Agreement(int partitionCount, long resumeEpoch) {
}
