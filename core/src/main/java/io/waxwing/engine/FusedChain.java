package io.waxwing.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * that only feeds the next step is never boxed. Such a class is made once per JVM for each chain of
 * the same steps and function objects (a lambda that captures nothing is one object however often
 * a dataflow is built), so a dataflow built and run again and again — and every worker of one
 * execution — reuses its class and its compiled code. The terminal is a field of each instance.
 */
abstract class FusedChain extends Pipe {
    /** One fused step: a map's function or a filter's predicate, by identity. */
    record Link(boolean filter, String stepId, Object fn) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Link l && l.filter == filter && l.stepId.equals(stepId) && l.fn == fn;
        }

        @Override
        public int hashCode() {
            return Objects.hash(filter, stepId, System.identityHashCode(fn));
        }
    }

    /** How many chain classes a JVM keeps; beyond that the least recently used is dropped. */
    static final int CACHED_CHAINS = 256;

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final MethodHandle PUSH;
    private static final MethodHandle APPLY;
    private static final MethodHandle TEST;
    private static final MethodHandle SKIP;

    static {
        try {
            PUSH = LOOKUP.findVirtual(Pipe.class, "push", MethodType.methodType(void.class, Object.class));
            APPLY = LOOKUP.findVirtual(MapStep.class, "apply", MethodType.methodType(Object.class, Object.class));
            TEST = LOOKUP.findVirtual(FilterStep.class, "test", MethodType.methodType(boolean.class, Object.class));
            SKIP = MethodHandles.empty(MethodType.methodType(void.class, Pipe.class, Object.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final Map<List<Link>, MethodHandle> CONSTRUCTORS = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<List<Link>, MethodHandle> eldest) {
                    return size() > CACHED_CHAINS;
                }
            });

    private final List<Link> links;

    FusedChain(List<Link> links) {
        this.links = links;
    }

    /** Where the chain's items go. */
    abstract Pipe terminal();

    /** Pushes every item of {@code batch} through the chain, from a loop compiled for this chain. */
    abstract void pushAll(List<?> batch);

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
        List<Link> key = List.copyOf(links);
        MethodHandle constructor = CONSTRUCTORS.computeIfAbsent(key, FusedChain::define);
        try {
            return (FusedChain) constructor.invokeExact(key, terminal);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot build the fused chain of step " + link.stepId(), t);
        }
    }

    /** The constructor {@code (List, Pipe)FusedChain} of a new class for {@code links}. */
    private static MethodHandle define(List<Link> links) {
        MethodHandle chain = PUSH;
        for (int i = links.size() - 1; i >= 0; i--) {
            Link l = links.get(i);
            if (l.filter()) {
                MethodHandle test = TEST.bindTo(new FilterStep(l.stepId(), cast(l.fn())));
                chain = MethodHandles.guardWithTest(MethodHandles.dropArguments(test, 0, Pipe.class), chain, SKIP);
            } else {
                chain = MethodHandles.filterArguments(chain, 1, APPLY.bindTo(new MapStep(l.stepId(), cast(l.fn()))));
            }
        }
        try {
            MethodHandles.Lookup copy = LOOKUP.defineHiddenClassWithClassData(
                    PipeCopies.bytecode(CompiledChain.class), chain, true);
            MethodType type = MethodType.methodType(void.class, List.class, Pipe.class);
            return copy.findConstructor(copy.lookupClass(), type)
                    .asType(type.changeReturnType(FusedChain.class));
        } catch (IllegalAccessException | NoSuchMethodException e) {
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
