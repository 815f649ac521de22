package io.waxwing.engine;

import io.waxwing.internal.graph.ItemOp;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Builds the per-item transform pipes of a chain ({@code flatMap}, {@code filterMap},
 * {@code inspect} and the like), each from a copy of its class made for its position in the chain:
 * position 1 is the pipe just before the end of the chain (a sink, an exchange), 2 the one before
 * it, and so on. (Maps and filters are fused into a {@link FusedChain} instead.)
 *
 * <p>Why: the JIT profiles a call site per method, not per object. With one
 * {@code TransformPipe} class, the {@code op.apply} and the downstream {@code push} in its
 * {@code push} would see every operation and every receiver that follows any such step, and a
 * chain repeating the step would compile as megamorphic calls ("recursive inlining is too deep").
 * A hidden class defined from the very same bytecode has methods of its own, so each position
 * gets its own profile and a chain inlines as a straight line of monomorphic calls. Copies are
 * made once per JVM and position (up to {@link #POSITIONS}; deeper pipes share the last copy) and
 * reused by every plan, so a dataflow built again and again runs the same compiled code.
 */
final class PipeCopies {
    /**
     * How many positions get a class of their own. C2 inlines at most 15 levels, so a longer chain
     * is compiled as calls somewhere anyway.
     */
    static final int POSITIONS = 16;

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final MethodType TRANSFORM = MethodType.methodType(void.class, String.class, ItemOp.class,
            Pipe.class);
    private static final ConcurrentMap<Class<?>, MethodHandle[]> CONSTRUCTORS = new ConcurrentHashMap<>();

    private PipeCopies() {
    }

    static Pipe transform(int position, String stepId, ItemOp op, Pipe next) {
        MethodHandle c = constructor(TransformPipe.class, TRANSFORM, position);
        try {
            return (Pipe) c.invokeExact(stepId, op, next);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot build the pipe of step " + stepId, t);
        }
    }

    /** The constructor of the copy of {@code pipe} for {@code position}, typed {@code (args)Pipe}. */
    private static MethodHandle constructor(Class<? extends Pipe> pipe, MethodType type, int position) {
        if (position < 1) {
            throw new IllegalArgumentException("positions start at 1, got " + position);
        }
        int i = Math.min(position, POSITIONS) - 1;
        MethodHandle[] copies = CONSTRUCTORS.computeIfAbsent(pipe, p -> new MethodHandle[POSITIONS]);
        synchronized (copies) {
            if (copies[i] == null) {
                copies[i] = define(pipe, type);
            }
            return copies[i];
        }
    }

    private static MethodHandle define(Class<? extends Pipe> pipe, MethodType type) {
        try {
            MethodHandles.Lookup copy = LOOKUP.defineHiddenClass(bytecode(pipe), true);
            return copy.findConstructor(copy.lookupClass(), type).asType(type.changeReturnType(Pipe.class));
        } catch (IllegalAccessException | NoSuchMethodException e) {
            throw new IllegalStateException("cannot copy " + pipe.getName(), e);
        }
    }

    static byte[] bytecode(Class<?> c) {
        String file = c.getSimpleName() + ".class";
        try (InputStream in = c.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("the class file of " + c.getName() + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the class file of " + c.getName(), e);
        }
    }
}
