package io.waxwing.engine;

/** A stream read by several steps: every signal goes to each of them, in step order. */
final class TeePipe extends Pipe {
    private final Pipe[] outs;

    TeePipe(Pipe[] outs) {
        this.outs = outs;
    }

    @Override
    public void push(Object item) {
        for (Pipe p : outs) {
            p.push(item);
        }
    }

    @Override
    void flush() {
        for (Pipe p : outs) {
            p.flush();
        }
    }

    @Override
    void barrier(long epoch) {
        for (Pipe p : outs) {
            p.barrier(epoch);
        }
    }

    @Override
    void eof() {
        for (Pipe p : outs) {
            p.eof();
        }
    }
}
