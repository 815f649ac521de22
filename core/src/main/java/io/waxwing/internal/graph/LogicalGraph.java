package io.waxwing.internal.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A dataflow's primitive steps in the order they were added. Owned by one {@code Dataflow}; the
 * engine reads {@link #steps()} once per execution.
 */
public final class LogicalGraph {
    private final String flowId;
    private final List<Step> steps = new ArrayList<>();

    public LogicalGraph(String flowId) {
        this.flowId = flowId;
    }

    public String flowId() {
        return flowId;
    }

    public synchronized void add(Step step) {
        steps.add(step);
    }

    public synchronized List<Step> steps() {
        return Collections.unmodifiableList(new ArrayList<>(steps));
    }
}
