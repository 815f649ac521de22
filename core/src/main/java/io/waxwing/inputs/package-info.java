/**
 * The source SPI: how items enter a dataflow. Mirrors Bytewax's {@code bytewax.inputs}. Public;
 * depends only on {@code java.*}.
 */
package io.waxwing.inputs;
