package io.waxwing.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CommitRuleTest {

    @Test
    void anEpochCommitsOnlyOnceEveryWorkerHasStoredIt() {
        CommitRule rule = new CommitRule(3, 0);
        assertFalse(rule.stored(0, 2, false));
        assertFalse(rule.stored(1, 1, false));
        assertEquals(0, rule.committed());
        assertTrue(rule.stored(2, 3, false));
        assertEquals(1, rule.committed(), "the slowest worker bounds the commit");
        assertTrue(rule.stored(1, 2, false));
        assertEquals(2, rule.committed());
    }

    @Test
    void aFinishedWorkerNoLongerHoldsTheCommitBack() {
        CommitRule rule = new CommitRule(2, 0);
        assertFalse(rule.stored(0, 1, true));
        assertTrue(rule.stored(1, 4, false));
        assertEquals(4, rule.committed());
        assertFalse(rule.allFinished());
    }

    @Test
    void onceEveryWorkerFinishedTheLastStoredEpochCommits() {
        CommitRule rule = new CommitRule(2, 0);
        rule.stored(0, 5, true);
        rule.stored(1, 3, false);
        assertEquals(3, rule.committed());
        assertFalse(rule.allFinished());
        assertTrue(rule.stored(1, 4, true));
        assertEquals(5, rule.committed(), "nothing is open any more: the highest stored epoch is complete");
        assertTrue(rule.allFinished());
    }

    @Test
    void aLateReportOfAnOlderEpochNeitherLowersNorRepeatsTheCommit() {
        CommitRule rule = new CommitRule(1, 0);
        assertTrue(rule.stored(0, 4, false));
        assertFalse(rule.stored(0, 2, false));
        assertEquals(4, rule.committed());
    }

    @Test
    void startingOverResumesFromTheGivenCommit() {
        CommitRule rule = new CommitRule(2, 0);
        rule.stored(0, 3, true);
        rule.start(7);
        assertEquals(7, rule.committed());
        assertFalse(rule.allFinished());
        assertFalse(rule.stored(0, 7, false), "an epoch at or below the commit commits nothing new");
        assertFalse(rule.stored(0, 9, false));
        assertTrue(rule.stored(1, 8, false));
        assertEquals(8, rule.committed());
    }

    @Test
    void aRuleNeedsAWorker() {
        assertThrows(IllegalArgumentException.class, () -> new CommitRule(0, 0));
    }
}
