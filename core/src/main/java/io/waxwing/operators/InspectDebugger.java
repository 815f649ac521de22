package io.waxwing.operators;

/**
 * What {@link io.waxwing.dataflow.Stream#inspectDebug inspectDebug} calls for every item.
 *
 * <pre>{@code
 * stream.inspectDebug("dbg", (step, item, epoch, worker) ->
 *     System.out.println(step + " w" + worker + " e" + epoch + ": " + item));
 * }</pre>
 */
@FunctionalInterface
public interface InspectDebugger<T> {
    void inspect(String stepId, T item, long epoch, int workerIndex);
}
