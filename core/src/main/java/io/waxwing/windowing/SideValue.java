package io.waxwing.windowing;

/**
 * A value tagged with the join side it came from: what a
 * {@link io.waxwing.dataflow.KeyedStream#joinWindow joinWindow}'s {@link WindowOut#late() late}
 * stream carries, so that a late value still says which stream it came from (Bytewax's
 * {@code (side, value)} pairs). {@link io.waxwing.dataflow.KeyedStream#join join} tags its sides'
 * values with it too, on their way to the join's state.
 *
 * <pre>{@code
 * WindowOut<SideValue, Joined<Order, Payment>> out = orders.joinWindow("join", clock, windower, payments);
 * out.late().filterValue("late_payments", w -> w.value().side() == 1);
 * }</pre>
 *
 * @param side  the index of the stream: 0 for the stream {@code joinWindow} was called on, then the
 *              others in argument order
 * @param value the value
 */
public record SideValue(int side, Object value) {
}
