package io.waxwing.operators;

/**
 * A row of a typed two-way join: {@code left} from the stream {@code join} was called on,
 * {@code right} from the other one; a side without a value is {@code null}.
 *
 * <pre>{@code
 * KeyedStream<Joined<String, Integer>> rows = names.join("join", ages);
 * }</pre>
 */
public record Joined<L, R>(L left, R right) {
}
