package io.waxwing.internal.graph;

/** Output {@code index} of {@code step}: what a stream is, physically. */
public record Port(Step step, int index) {
}
