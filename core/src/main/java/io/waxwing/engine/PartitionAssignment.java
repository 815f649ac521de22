package io.waxwing.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** Which of a fixed set of partitions a worker owns: partition {@code i} goes to worker {@code i % workerCount}. */
final class PartitionAssignment {
    private PartitionAssignment() {
    }

    static List<String> mine(List<String> all, int worker, int workerCount, String stepId) {
        if (new HashSet<>(all).size() != all.size()) {
            throw new IllegalArgumentException("partition names of " + stepId + " are not unique: " + all);
        }
        List<String> mine = new ArrayList<>();
        for (int i = worker; i < all.size(); i += workerCount) {
            mine.add(all.get(i));
        }
        return mine;
    }
}
