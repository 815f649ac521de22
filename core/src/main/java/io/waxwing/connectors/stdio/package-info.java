/**
 * Connectors to the console, mirroring Bytewax's {@code bytewax.connectors.stdio}:
 * {@link io.waxwing.connectors.stdio.StdOutSink} prints items to standard output. Public; depends
 * only on {@code java.*} and the public SPI package {@code io.waxwing.outputs}, never on the engine.
 */
package io.waxwing.connectors.stdio;
