package io.waxwing.dataflow;

/**
 * What a {@link KeyedStream#statefulMap statefulMap} mapper returns: the key's new state and the
 * value to emit. A {@code null} state discards the key's state (the next value for the key starts
 * again from {@code null}).
 *
 * <pre>{@code
 * keyed.statefulMap("running_sum", (Integer sum, Integer x) -> {
 *     int next = (sum == null ? 0 : sum) + x;
 *     return new StateAndOutput<>(next, next);
 * });
 * }</pre>
 */
public record StateAndOutput<S, W>(S state, W output) {
}
