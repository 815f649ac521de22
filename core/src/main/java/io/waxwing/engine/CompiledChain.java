package io.waxwing.engine;

import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.RandomAccess;

/**
 * The template of a {@link FusedChain}'s class: one hidden class is defined from this bytecode for
 * each chain, with the chain's method handle as class data, so that {@link #CHAIN} is a constant
 * that C2 inlines whole. This class itself is never instantiated.
 */
final class CompiledChain extends FusedChain {
    private static final MethodHandle CHAIN = chain();

    private final Pipe terminal;

    CompiledChain(List<Link> links, Pipe terminal) {
        super(links);
        this.terminal = terminal;
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
    public void push(Object item) {
        try {
            CHAIN.invokeExact(terminal, item);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    void pushAll(List<?> batch) {
        Pipe to = terminal;
        try {
            if (batch instanceof RandomAccess) {
                for (int i = 0, n = batch.size(); i < n; i++) {
                    CHAIN.invokeExact(to, batch.get(i));
                }
            } else {
                for (Object item : batch) {
                    CHAIN.invokeExact(to, item);
                }
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
