package io.waxwing.connectors.stdio;

import io.waxwing.outputs.DynamicSink;
import io.waxwing.outputs.StatelessSinkPartition;
import java.io.PrintStream;
import java.util.List;

/**
 * Prints each item's {@code toString()} on its own line to standard output, like Bytewax's
 * {@code StdOutSink}. Every worker prints the items it holds, so with several workers the lines of
 * different workers interleave (a batch is printed in one piece, never split by another
 * worker's lines).
 *
 * <pre>{@code
 * Dataflow flow = new Dataflow("hello");
 * flow.input("inp", new TestingSource<>(List.of("a", "b")))
 *     .output("out", new StdOutSink<>());
 * Execution.runMain(flow);   // prints "a" and "b"
 * }</pre>
 *
 * <p>Lines end with {@link System#lineSeparator()}, as {@link PrintStream#println(Object)} ends
 * them; a {@code null} item prints {@code null}. {@link System#out} is looked up at each batch, so
 * {@link System#setOut(PrintStream)} redirects a running dataflow; it is flushed after each batch.
 *
 * <p>Recovery: nothing is snapshotted, so output is at-least-once: after a resume, the items of the
 * epochs after the last committed one are printed again.
 *
 * @param <T> item type
 */
public final class StdOutSink<T> implements DynamicSink<T> {

    /** A sink that prints to {@link System#out}. */
    public StdOutSink() {
    }

    @Override
    public StatelessSinkPartition<T> build(String stepId, int workerIndex, int workerCount) {
        return StdOutSink::print;
    }

    private static void print(List<?> items) {
        String newline = System.lineSeparator();
        StringBuilder text = new StringBuilder();
        for (int i = 0, n = items.size(); i < n; i++) {
            text.append(items.get(i)).append(newline);
        }
        PrintStream out = System.out;
        // One print per batch: PrintStream locks per call, so another worker's batch cannot land
        // in the middle of this one.
        out.print(text);
        out.flush();
    }
}
