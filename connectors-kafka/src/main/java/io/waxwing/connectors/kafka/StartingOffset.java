package io.waxwing.connectors.kafka;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a {@link KafkaSource} partition starts reading when it has no snapshot to resume from:
 * at the beginning, at the end (only records written after the start), or at the first record
 * whose timestamp is at or after an instant. A resumed partition always continues at its
 * snapshot's offset instead.
 */
public sealed interface StartingOffset {

    /** The earliest offset still in the partition. */
    static StartingOffset beginning() {
        return Beginning.INSTANCE;
    }

    /** The partition's end at start-up: only records written afterwards are read. */
    static StartingOffset end() {
        return End.INSTANCE;
    }

    /**
     * The first record whose timestamp is at or after {@code time}; the end of the partition if
     * there is none.
     */
    static StartingOffset timestamp(Instant time) {
        return new AtTimestamp(Objects.requireNonNull(time, "time"));
    }

    /** See {@link #beginning()}. */
    enum Beginning implements StartingOffset {
        INSTANCE
    }

    /** See {@link #end()}. */
    enum End implements StartingOffset {
        INSTANCE
    }

    /** See {@link #timestamp(Instant)}. */
    record AtTimestamp(Instant time) implements StartingOffset {
    }
}
