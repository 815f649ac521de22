/**
 * The system time the engine reads once per batch and hands the stateful logics it calls, so that
 * an event-time clock need not read it for every value (Bytewax reads it once per batch too).
 * Internal; depends only on the JDK, so that both the engine and the window operators can use it.
 */
package io.waxwing.internal.time;
