package io.waxwing.internal.time;

import java.time.Instant;

/**
 * The system time of the batch being processed, in epoch nanoseconds: read from the system clock at
 * most once per batch, the first time a logic asks. The engine passes its per-key emitter, which
 * implements this, to every call of a stateful logic; a window operator whose clock follows the
 * system time asks it instead of reading the clock for every value.
 *
 * <pre>{@code
 * long now = emit instanceof BatchTime batch ? batch.systemNanos() : BatchTime.readSystemNanos();
 * }</pre>
 */
public interface BatchTime {

    /** The system time read for the current batch, in epoch nanoseconds ({@link Instant#now()}). */
    long systemNanos();

    /** Reads the system clock now, in epoch nanoseconds (exact: the system time fits a long until 2262). */
    static long readSystemNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
