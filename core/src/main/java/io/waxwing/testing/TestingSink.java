package io.waxwing.testing;

import io.waxwing.outputs.DynamicSink;
import io.waxwing.outputs.StatelessSinkPartition;
import java.util.List;
import java.util.Objects;

/**
 * A sink that appends every item to a list, for tests. Safe with many workers: appends are
 * synchronized on the list.
 *
 * <pre>{@code
 * List<Integer> out = new ArrayList<>();
 * stream.output("out", new TestingSink<>(out));
 * Execution.runMain(flow);
 * assertEquals(List.of(2, 3, 4), out);
 * }</pre>
 *
 * @param <T> item type
 */
public final class TestingSink<T> implements DynamicSink<T> {
    private final List<? super T> out;

    public TestingSink(List<? super T> out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public StatelessSinkPartition<T> build(String stepId, int workerIndex, int workerCount) {
        return items -> {
            synchronized (out) {
                out.addAll(items);
            }
        };
    }
}
