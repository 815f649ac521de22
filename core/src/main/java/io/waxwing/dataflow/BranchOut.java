package io.waxwing.dataflow;

/**
 * The two streams {@link Stream#branch branch} returns.
 *
 * <pre>{@code
 * BranchOut<Integer, Integer> parts = nums.branch("even_odd", x -> x % 2 == 0);
 * parts.trues().output("evens", evensSink);
 * parts.falses().output("odds", oddsSink);
 * }</pre>
 *
 * @param trues  the items for which the predicate held (narrowed to {@code A} by the typed form)
 * @param falses the others
 */
public record BranchOut<A, B>(Stream<A> trues, Stream<B> falses) {
}
