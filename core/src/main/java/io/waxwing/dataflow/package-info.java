/**
 * The public Dataflow API: {@link io.waxwing.dataflow.Dataflow}, {@link io.waxwing.dataflow.Stream},
 * {@link io.waxwing.dataflow.KeyedStream} and their item types. Depends on the public SPI packages
 * only; never on {@code io.waxwing.engine}.
 */
package io.waxwing.dataflow;
