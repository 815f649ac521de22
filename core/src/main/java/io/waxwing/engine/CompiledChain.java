package io.waxwing.engine;

import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.RandomAccess;

/**
 * The template of a {@link FusedChain}'s class: one hidden class is defined from this bytecode for
 * each chain, with the chain's method handle as class data, so that {@link #CHAIN} is a constant
 * that C2 inlines whole. The handle returns the item to pass on, or {@link FusedChain#DROPPED};
 * the terminal is called from here, so that each chain's class profiles its own terminal. This
 * class itself is never instantiated.
 */
final class CompiledChain extends FusedChain {
    private static final MethodHandle CHAIN = chain();

    private final Pipe terminal;
    /** The cache's instance of this class ({@code null} in it): keeps it there while this is used. */
    private final FusedChain prototype;

    CompiledChain(List<Link> links, Pipe terminal, FusedChain prototype) {
        super(links);
        this.terminal = terminal;
        this.prototype = prototype;
    }

    private static MethodHandle chain() {
        try {
            return MethodHandles.classData(MethodHandles.lookup(), ConstantDescs.DEFAULT_NAME, MethodHandle.class);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    Pipe terminal() {
        return terminal;
    }

    @Override
    FusedChain with(Pipe next) {
        // In a hidden class defined from this bytecode, "new CompiledChain" makes one of that class.
        return new CompiledChain(links(), next, prototype == null ? this : prototype);
    }

    @Override
    public void push(Object item) {
        pass(item, terminal);
    }

    @Override
    void pushAll(List<?> batch) {
        Pipe to = terminal;
        if (batch instanceof RandomAccess) {
            for (int i = 0, n = batch.size(); i < n; i++) {
                pass(batch.get(i), to);
            }
        } else {
            for (Object item : batch) {
                pass(item, to);
            }
        }
    }

    /** Runs the chain on {@code item} and hands the result to {@code to}, unless a filter dropped it. */
    private static void pass(Object item, Pipe to) {
        Object out;
        try {
            out = (Object) CHAIN.invokeExact(item);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("a fused chain threw " + t, t);
        }
        if (out != DROPPED) {
            to.push(out);
        }
    }
}
