package io.waxwing.engine;

import java.util.List;

/** What travels on an exchange channel between two workers. */
public sealed interface Message {

    /** A batch of items. */
    record Data(List<Object> items) implements Message {
    }

    /** The sender has passed every item of {@code epoch} on this channel. */
    record Barrier(long epoch) implements Message {
    }

    /** The sender will send nothing more on this channel. */
    record End() implements Message {
    }

    /** The receiver has consumed {@code batches} data batches: credit returns to the sender. */
    record Ack(int batches) implements Message {
    }

    End END = new End();
}
