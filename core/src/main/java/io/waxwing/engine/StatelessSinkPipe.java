package io.waxwing.engine;

import io.waxwing.outputs.StatelessSinkPartition;

/**
 * The end of a fused chain at a worker's partition of a dynamic sink: whatever it holds is written
 * at every flush, barrier and end of input; closing it closes the partition.
 */
abstract class StatelessSinkPipe<P extends StatelessSinkPartition<Object>> extends Pipe implements AutoCloseable {
    final String stepId;
    final P partition;

    StatelessSinkPipe(String stepId, P partition) {
        this.stepId = stepId;
        this.partition = partition;
    }

    @Override
    final void barrier(long epoch) {
        flush();
    }

    @Override
    final void eof() {
        flush();
    }

    @Override
    public final void close() {
        partition.close();
    }
}
