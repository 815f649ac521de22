package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.waxwing.launcher.fixtures.FaultFlows;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The check the kill and restart ITs share for {@code FaultFlows.countAndPrint}'s output: every
 * {@code counts KEY ITEM COUNT SUM} line printed is the item's true running count and sum, and every
 * item was counted (a resumed run may print an item again, never a wrong total).
 */
final class RunningCounts {
    private RunningCounts() {
    }

    /** Checks the lines of a run of items 1 to {@code n} over {@code keys} keys; {@code story} says what happened. */
    static void check(List<String> lines, int n, int keys, String story) {
        long[] count = new long[n + 1];
        long[] sum = new long[n + 1];
        long[] keyCount = new long[keys];
        long[] keySum = new long[keys];
        for (int i = 1; i <= n; i++) {
            keyCount[i % keys]++;
            keySum[i % keys] += i;
            count[i] = keyCount[i % keys];
            sum[i] = keySum[i % keys];
        }
        BitSet seen = new BitSet();
        for (String line : lines) {
            if (!line.startsWith("counts ")) {
                continue;
            }
            int item = Integer.parseInt(line.split(" ")[2]);
            String expected = "counts " + FaultFlows.keyOf(item, keys) + " " + item + " " + count[item] + " "
                    + sum[item];
            if (!line.equals(expected)) {
                fail(story + ": printed [" + line + "], the truth is [" + expected + "]");
            }
            seen.set(item);
        }
        assertEquals(n, seen.cardinality(), () -> story + ": items never counted: " + missing(seen, n));
    }

    private static String missing(BitSet seen, int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i <= n && out.size() < 20; i++) {
            if (!seen.get(i)) {
                out.add(i);
            }
        }
        return out.toString();
    }
}
