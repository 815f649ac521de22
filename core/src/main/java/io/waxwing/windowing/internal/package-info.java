/**
 * The machinery behind the window operators of {@link io.waxwing.dataflow.KeyedStream}: the
 * per-key state machine that drives a clock, a windower and the window logics (a
 * {@link io.waxwing.operators.StatefulLogic} run in a stateful step), its snapshot, and the window
 * logics of the built-in operators. Internal: users never see these types; only
 * {@code KeyedStream}'s window operators use them. Depends only on the public packages
 * {@code io.waxwing.windowing} and {@code io.waxwing.operators}, on {@code io.waxwing.internal.join},
 * on {@code io.waxwing.internal.time} (the batch's system time the engine hands its clocks) and on
 * {@code io.waxwing.internal.prefetch} (what the engine has a logic read ahead of its call).
 */
package io.waxwing.windowing.internal;
