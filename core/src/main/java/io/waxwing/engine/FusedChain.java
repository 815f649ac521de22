package io.waxwing.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Consecutive map and filter steps, fused into one pipe that ends at {@link #terminal()} (the next
 * step that is not a map or filter: a sink, an exchange, another kind of step).
 *
 * <p>The steps are composed into one {@link MethodHandle} — each map's function filters the item,
 * each filter's predicate guards the rest — with the user's functions bound into it, and that
 * handle is the class data of a hidden class defined from {@link CompiledChain}'s bytecode, where
 * it is a {@code static final} field. To C2 it is a constant: the whole chain, functions included,
 * is inlined into the loop that pushes a batch, with no type check per item, and a map's result
 * that only feeds the next step is never boxed. Plans with the same steps and function objects (a
 * lambda that captures nothing is one object however often a dataflow is built) share one such
 * class: every worker of one execution, and a dataflow built and run again and again, reuses the
 * class and its compiled code, until the garbage collector finds no plan using it. The cache
 * holds classes and functions only weakly, so what a chain's functions capture is not kept once
 * no plan uses the chain (its class is unloaded by the next full collection or concurrent
 * cycle). The terminal is a field of each instance.
 */
abstract class FusedChain extends Pipe {
    /** One fused step: a map's function or a filter's predicate (compared by identity in {@link Key}). */
    record Link(boolean filter, String stepId, Object fn) {
    }

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    /** What the chain returns for an item a filter dropped. */
    static final Object DROPPED = new Object();
    private static final MethodHandle IDENTITY = MethodHandles.identity(Object.class);
    private static final MethodHandle APPLY;
    private static final MethodHandle TEST;
    private static final MethodHandle SKIP;

    static {
        try {
            APPLY = LOOKUP.findVirtual(MapStep.class, "apply", MethodType.methodType(Object.class, Object.class));
            TEST = LOOKUP.findVirtual(FilterStep.class, "test", MethodType.methodType(boolean.class, Object.class));
            SKIP = MethodHandles.dropArguments(MethodHandles.constant(Object.class, DROPPED), 0, Object.class);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * One instance per chain class, with no terminal, held weakly: every instance of the class
     * holds its prototype, so a class is found here while a plan uses it. Guarded by itself.
     */
    private static final Map<Key, WeakReference<FusedChain>> PROTOTYPES = new HashMap<>();

    /** A chain's steps as a cache key that holds their functions only weakly. */
    private static final class Key {
        private final String[] stepIds;
        private final boolean[] filters;
        private final WeakReference<?>[] fns;
        private final int hash;

        Key(List<Link> links) {
            int n = links.size();
            stepIds = new String[n];
            filters = new boolean[n];
            fns = new WeakReference<?>[n];
            int h = 1;
            for (int i = 0; i < n; i++) {
                Link l = links.get(i);
                stepIds[i] = l.stepId();
                filters[i] = l.filter();
                fns[i] = new WeakReference<>(l.fn());
                h = 31 * h + Objects.hash(l.filter(), l.stepId(), System.identityHashCode(l.fn()));
            }
            hash = h;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key k) || k.hash != hash || !Arrays.equals(k.stepIds, stepIds)
                    || !Arrays.equals(k.filters, filters)) {
                return false;
            }
            for (int i = 0; i < fns.length; i++) {
                Object fn = fns[i].get();
                if (fn == null || fn != k.fns[i].get()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final List<Link> links;

    FusedChain(List<Link> links) {
        this.links = links;
    }

    /** Where the chain's items go. */
    abstract Pipe terminal();

    /** Pushes every item of {@code batch} through the chain, from a loop compiled for this chain. */
    abstract void pushAll(List<?> batch);

    /** The same chain, ending at {@code terminal}. */
    abstract FusedChain with(Pipe terminal);

    final List<Link> links() {
        return links;
    }

    /** A map step in front of {@code next}, fused with it when it is a chain. */
    static FusedChain map(String stepId, Function<Object, Object> fn, Pipe next) {
        return prepend(new Link(false, stepId, fn), next);
    }

    /** A filter step in front of {@code next}, fused with it when it is a chain. */
    static FusedChain filter(String stepId, Predicate<Object> predicate, Pipe next) {
        return prepend(new Link(true, stepId, predicate), next);
    }

    /** How many steps are fused here. */
    int length() {
        return links.size();
    }

    private static FusedChain prepend(Link link, Pipe next) {
        List<Link> links = new ArrayList<>();
        links.add(link);
        Pipe terminal = next;
        if (next instanceof FusedChain chain) {
            links.addAll(chain.links);
            terminal = chain.terminal();
        }
        List<Link> chain = List.copyOf(links);
        Key key = new Key(chain);
        FusedChain prototype;
        synchronized (PROTOTYPES) {
            WeakReference<FusedChain> cached = PROTOTYPES.get(key);
            prototype = cached == null ? null : cached.get();
            if (prototype == null) {
                PROTOTYPES.values().removeIf(ref -> ref.get() == null);
                prototype = define(chain);
                PROTOTYPES.put(key, new WeakReference<>(prototype));
            }
        }
        return prototype.with(terminal);
    }

    /** The prototype of a new class for {@code links}. */
    private static FusedChain define(List<Link> links) {
        MethodHandle chain = IDENTITY;
        for (int i = links.size() - 1; i >= 0; i--) {
            Link l = links.get(i);
            if (l.filter()) {
                MethodHandle test = TEST.bindTo(new FilterStep(l.stepId(), cast(l.fn())));
                chain = MethodHandles.guardWithTest(test, chain, SKIP);
            } else {
                chain = MethodHandles.filterArguments(chain, 0, APPLY.bindTo(new MapStep(l.stepId(), cast(l.fn()))));
            }
        }
        try {
            MethodHandles.Lookup copy = LOOKUP.defineHiddenClassWithClassData(
                    PipeCopies.bytecode(CompiledChain.class), chain, true);
            MethodType type = MethodType.methodType(void.class, List.class, Pipe.class, FusedChain.class);
            return (FusedChain) copy.findConstructor(copy.lookupClass(), type).invoke(links, Pipe.DISCARD, null);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot compile a fused chain", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    /*
     * A step's function with its failure handling. Records, because C2 trusts their final fields:
     * bound into the chain as constants, the function they hold is a constant too. The item is not
     * used on the failure path, so no item must exist as an object for it.
     */

    record MapStep(String stepId, Function<Object, Object> fn) {
        Object apply(Object item) {
            try {
                return fn.apply(item);
            } catch (Throwable t) {
                throw StepFailure.of(stepId, t);
            }
        }
    }

    record FilterStep(String stepId, Predicate<Object> predicate) {
        boolean test(Object item) {
            try {
                return predicate.test(item);
            } catch (Throwable t) {
                throw StepFailure.of(stepId, t);
            }
        }
    }

    @Override
    void flush() {
        terminal().flush();
    }

    @Override
    void barrier(long epoch) {
        terminal().barrier(epoch);
    }

    @Override
    void eof() {
        terminal().eof();
    }
}
