package io.waxwing.engine;

import java.util.Arrays;

/**
 * The global commit rule, and its only home: epoch {@code e} is committed once every worker has
 * durably stored every epoch up to {@code e}. A finished worker holds no more state, so it no longer
 * bounds the commit; once every worker has finished, the last epoch any of them stored is committed.
 * Pure bookkeeping (no I/O, no threads): the cluster's coordinator, {@link SingleWorkerRun} and
 * {@link EngineGroup} feed it what their workers report and write the commits it decides.
 *
 * <pre>{@code
 * CommitRule rule = new CommitRule(2, store.committedEpoch());
 * if (rule.stored(worker, engine.storedEpoch(), engine.finished())) {
 *     store.commit(rule.committed());
 * }
 * }</pre>
 */
public final class CommitRule {
    private final long[] stored;
    private final boolean[] finished;
    private long committed;

    /** A rule for {@code workers} workers, every one of which has stored up to {@code committed}. */
    public CommitRule(int workers, long committed) {
        if (workers < 1) {
            throw new IllegalArgumentException("a commit rule needs at least one worker, got " + workers);
        }
        this.stored = new long[workers];
        this.finished = new boolean[workers];
        start(committed);
    }

    /** Starts over: no worker finished, every one stored up to {@code committed}, which is committed. */
    public void start(long committed) {
        this.committed = committed;
        Arrays.fill(stored, committed);
        Arrays.fill(finished, false);
    }

    /**
     * Records that {@code worker} has stored every epoch up to {@code epoch} (reports may arrive out
     * of order: the highest counts) and whether it has finished.
     *
     * @return whether the committed epoch advanced; {@link #committed()} is then the epoch to commit
     */
    public boolean stored(int worker, long epoch, boolean workerFinished) {
        stored[worker] = Math.max(stored[worker], epoch);
        finished[worker] |= workerFinished;
        long min = Long.MAX_VALUE;
        long max = committed;
        boolean all = true;
        for (int i = 0; i < stored.length; i++) {
            max = Math.max(max, stored[i]);
            if (!finished[i]) {
                all = false;
                min = Math.min(min, stored[i]);
            }
        }
        long commit = all ? max : min;
        if (commit > committed) {
            committed = commit;
            return true;
        }
        return false;
    }

    /** The last committed epoch. */
    public long committed() {
        return committed;
    }

    /** Whether every worker has finished. */
    public boolean allFinished() {
        for (boolean f : finished) {
            if (!f) {
                return false;
            }
        }
        return true;
    }
}
