package io.waxwing.engine.recovery;

import io.waxwing.dataflow.KeyHash;
import java.util.Collection;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which keys of a step a worker resumes. A description rather than any predicate, so that a
 * recovery store can apply it where the state is: in another process, when the partitions are
 * spread over a cluster.
 *
 * <pre>{@code
 * store.loadState("count", KeyFilter.ofWorker(1, 4));           // the keys worker 1 of 4 owns
 * store.loadState("input", KeyFilter.of(List.of("part-0")));    // these source partitions
 * }</pre>
 */
public sealed interface KeyFilter extends Predicate<String> {

    /** Every key. */
    static KeyFilter all() {
        return All.INSTANCE;
    }

    /** The keys that route to worker {@code worker} of {@code workerCount} ({@link KeyHash#route}). */
    static KeyFilter ofWorker(int worker, int workerCount) {
        return new Routed(worker, workerCount);
    }

    /** Exactly {@code keys}. */
    static KeyFilter of(Collection<String> keys) {
        return new Named(Set.copyOf(keys));
    }

    /** Every key. */
    enum All implements KeyFilter {
        INSTANCE;

        @Override
        public boolean test(String key) {
            return true;
        }
    }

    /** The keys of worker {@code worker} of {@code workerCount}. */
    record Routed(int worker, int workerCount) implements KeyFilter {
        public Routed {
            if (workerCount < 1 || worker < 0 || worker >= workerCount) {
                throw new IllegalArgumentException("worker " + worker + " of " + workerCount);
            }
        }

        @Override
        public boolean test(String key) {
            return KeyHash.route(key, workerCount) == worker;
        }
    }

    /** The keys in {@code keys}. */
    record Named(Set<String> keys) implements KeyFilter {
        public Named {
            keys = Set.copyOf(keys);
        }

        @Override
        public boolean test(String key) {
            return keys.contains(key);
        }
    }
}
