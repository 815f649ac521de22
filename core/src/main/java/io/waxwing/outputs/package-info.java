/**
 * The sink SPI: how items leave a dataflow. Mirrors Bytewax's {@code bytewax.outputs}. Public;
 * depends only on {@code java.*} and {@code io.waxwing.dataflow}.
 */
package io.waxwing.outputs;
