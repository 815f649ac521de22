/**
 * Helpers for testing dataflows: a scriptable source, a collecting sink and a settable clock.
 * Public; depends on the public SPI packages only.
 */
package io.waxwing.testing;
