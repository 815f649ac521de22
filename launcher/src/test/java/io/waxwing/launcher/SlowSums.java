package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the recovery ITs share about {@code ClusterFlows.slowSums(n)}: a recovery directory to run
 * it in, the totals it must reach, and the totals its {@code sums KEY ITEM TOTAL} lines reached.
 */
final class SlowSums {
    private SlowSums() {
    }

    /** Creates a recovery directory of {@code partitions} partitions with the launcher, which must succeed. */
    static void initRecovery(Path db, int partitions) {
        LauncherProcess.Result init = LauncherProcess.spec().args("recovery", "init", db, Integer.toString(partitions))
                .run(Duration.ofSeconds(60));
        assertEquals(0, init.exitCode(), init::toString);
    }

    /** Each key's total once items 1 to {@code n} are summed into keys {@code k0}…{@code k7}. */
    static Map<String, Long> expected(int n) {
        Map<String, Long> expected = new TreeMap<>();
        for (int i = 1; i <= n; i++) {
            expected.merge("k" + (i % 8), (long) i, Long::sum);
        }
        return expected;
    }

    /** Each key's total after its last {@code sums KEY ITEM TOTAL} line, and the smallest item seen. */
    static Map<String, Long> lastSums(List<String> lines, long[] firstItem) {
        Map<String, Long> last = new TreeMap<>();
        Map<String, Long> lastItem = new TreeMap<>();
        for (String line : lines) {
            if (line.startsWith("sums ")) {
                String[] f = line.split(" ");
                long item = Long.parseLong(f[2]);
                firstItem[0] = Math.min(firstItem[0], item);
                // Lines of one key come from one worker, in order; keep the latest item's total.
                if (item >= lastItem.getOrDefault(f[1], 0L)) {
                    lastItem.put(f[1], item);
                    last.put(f[1], Long.parseLong(f[3]));
                }
            }
        }
        return last;
    }
}
