package io.waxwing.internal.graph;

import io.waxwing.inputs.Source;
import io.waxwing.outputs.Sink;
import java.util.List;
import java.util.function.Predicate;

/**
 * A primitive step of the logical graph. Every public operator is one of these or a small
 * composition of them; the engine knows nothing else.
 */
public sealed interface Step {

    /** The full step id, {@code flowId.stepId} (nested for composite operators). */
    String id();

    /** The streams this step reads, in port order. */
    List<Port> inputs();

    /** How many output streams it has. */
    default int outputCount() {
        return 1;
    }

    /** Reads a source. */
    record Input(String id, Source<?> source) implements Step {
        @Override
        public List<Port> inputs() {
            return List.of();
        }
    }

    /**
     * A stateless per-item operator; chains of these are fused. {@code terminal} marks an inspect
     * step, which counts as an output for validation.
     */
    record Transform(String id, Port input, ItemOpFactory factory, boolean inspects) implements Step {
        @Override
        public List<Port> inputs() {
            return List.of(input);
        }
    }

    /** A stateless operator over whole batches. */
    record Batch(String id, Port input, BatchOp op) implements Step {
        @Override
        public List<Port> inputs() {
            return List.of(input);
        }
    }

    /** Splits a stream in two: port 0 where the predicate holds, port 1 where it does not. */
    record Branch(String id, Port input, Predicate<Object> predicate) implements Step {
        @Override
        public List<Port> inputs() {
            return List.of(input);
        }

        @Override
        public int outputCount() {
            return 2;
        }
    }

    /** Joins several streams into one; aligns their epochs. */
    record Merge(String id, List<Port> inputs) implements Step {
    }

    /** Moves items round-robin over all workers. */
    record Redistribute(String id, Port input) implements Step {
        @Override
        public List<Port> inputs() {
            return List.of(input);
        }
    }

    /** Routes {@code KV} items by key and runs a logic per key. */
    record Stateful(String id, Port input, KeyedLogicFactory factory) implements Step {
        @Override
        public List<Port> inputs() {
            return List.of(input);
        }
    }

    /** Writes to a sink. */
    record Output(String id, Port input, Sink<?> sink) implements Step {
        @Override
        public List<Port> inputs() {
            return List.of(input);
        }

        @Override
        public int outputCount() {
            return 0;
        }
    }
}
