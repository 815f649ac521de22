/**
 * Types used with the operators of {@link io.waxwing.dataflow.Stream} and
 * {@link io.waxwing.dataflow.KeyedStream}: stateful logic, join modes, the enrichment cache.
 * Public; depends only on {@code java.*}.
 */
package io.waxwing.operators;
