package io.waxwing.engine;

/** A stateless pipe with one downstream, to which it forwards every signal. */
abstract class ForwardingPipe extends Pipe {
    final Pipe next;

    ForwardingPipe(Pipe next) {
        this.next = next;
    }

    @Override
    void flush() {
        next.flush();
    }

    @Override
    void barrier(long epoch) {
        next.barrier(epoch);
    }

    @Override
    void eof() {
        next.eof();
    }
}
