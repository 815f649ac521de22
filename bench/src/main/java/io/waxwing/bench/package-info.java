/**
 * JMH benchmarks: Waxwing dataflows against the same computation written as a plain Java loop over
 * the same in-memory data, and the word count under one and two workers. Built into
 * {@code bench/target/benchmarks.jar}; how to run them and what they measured is in
 * {@code docs/BENCHMARKS.md}.
 *
 * <p>Uses only the public API ({@code io.waxwing.dataflow}, {@code .inputs}, {@code .outputs},
 * {@code io.waxwing.run.Execution}), never the engine's internals, so that it measures what a user
 * gets.
 */
package io.waxwing.bench;
