package io.waxwing.engine;

import java.util.function.Predicate;

/** Sends each item to one of two downstreams; signals go to both. */
final class BranchPipe extends Pipe {
    private final String stepId;
    private final Predicate<Object> predicate;
    private final Pipe trues;
    private final Pipe falses;

    BranchPipe(String stepId, Predicate<Object> predicate, Pipe trues, Pipe falses) {
        this.stepId = stepId;
        this.predicate = predicate;
        this.trues = trues;
        this.falses = falses;
    }

    @Override
    public void push(Object item) {
        boolean yes;
        try {
            yes = predicate.test(item);
        } catch (Throwable t) {
            throw StepFailure.of(stepId, t);
        }
        (yes ? trues : falses).push(item);
    }

    @Override
    void flush() {
        trues.flush();
        falses.flush();
    }

    @Override
    void barrier(long epoch) {
        trues.barrier(epoch);
        falses.barrier(epoch);
    }

    @Override
    void eof() {
        trues.eof();
        falses.eof();
    }
}
