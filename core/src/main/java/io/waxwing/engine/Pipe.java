package io.waxwing.engine;

import io.waxwing.internal.graph.Emit;

/**
 * A node of a worker's physical plan that is pushed to: items, then the end of a batch, an epoch
 * barrier or the end of the stream, always in that order per upstream. Stateless pipes forward
 * the signals; fused chains of them are plain method calls.
 */
abstract class Pipe implements Emit {

    /** The end of a batch: a chance to write or emit buffered items. */
    abstract void flush();

    /** Every item of {@code epoch} has been pushed. */
    abstract void barrier(long epoch);

    /** Nothing more will be pushed. */
    abstract void eof();

    /** A pipe that drops everything: the end of a stream nobody reads. */
    static final Pipe DISCARD = new Pipe() {
        @Override
        public void push(Object item) {
        }

        @Override
        void flush() {
        }

        @Override
        void barrier(long epoch) {
        }

        @Override
        void eof() {
        }
    };
}
