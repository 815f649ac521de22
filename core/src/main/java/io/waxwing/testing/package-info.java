/**
 * Helpers for testing dataflows: a scriptable source, a collecting sink and a settable clock.
 * Public; depends only on the public SPI packages ({@code io.waxwing.inputs}, {@code io.waxwing.outputs},
 * {@code io.waxwing.dataflow}).
 */
package io.waxwing.testing;
