/**
 * The public Dataflow API: {@link io.waxwing.dataflow.Dataflow}, {@link io.waxwing.dataflow.Stream},
 * {@link io.waxwing.dataflow.KeyedStream} (whose window operators are declared in
 * {@link io.waxwing.dataflow.KeyedWindowOperators}) and their item types. The operators' insides
 * are package-private: {@code KeyedLogics} (the per-key logics of the stateful operators),
 * {@code JoinSteps} and {@code WindowSteps} (the steps a join or a window operator adds). Depends
 * on the public SPI packages and on {@code io.waxwing.internal.*} and
 * {@code io.waxwing.windowing.internal}; never on {@code io.waxwing.engine}.
 */
package io.waxwing.dataflow;
