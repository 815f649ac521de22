/**
 * Windowing: Bytewax's {@code bytewax.operators.windowing} in Java. A window operator on a
 * {@link io.waxwing.dataflow.KeyedStream} (such as {@code foldWindow} or {@code collectWindow})
 * takes a {@link io.waxwing.windowing.Clock}, which gives each value a timestamp and keeps a
 * watermark, and a {@link io.waxwing.windowing.Windower}, which assigns timestamps to windows
 * ({@link io.waxwing.windowing.TumblingWindower}, {@link io.waxwing.windowing.SlidingWindower},
 * {@link io.waxwing.windowing.SessionWindower}); it returns a {@link io.waxwing.windowing.WindowOut}
 * with the results, the late values and the metadata of closed windows.
 *
 * <pre>{@code
 * WindowOut<Event, Long> counts = events.keyOn("by_user", Event::user)
 *     .countWindow("count",
 *         new EventClock<Event>(Event::time, Duration.ofSeconds(5)),
 *         new TumblingWindower(Duration.ofMinutes(1), Instant.parse("2024-01-01T00:00:00Z")));
 * counts.down().output("out", new StdOutSink<>());
 * }</pre>
 *
 * <p>Public; depends on {@code io.waxwing.dataflow}, {@code java.*} and the nanosecond fast path its
 * clocks and windowers implement ({@code io.waxwing.windowing.internal}, never in a public signature). Each key's clock,
 * windower and window states are that key's state in a stateful step: they are snapshotted at the
 * end of every epoch in which the key changed and restored on resume, like any other state.
 */
package io.waxwing.windowing;
