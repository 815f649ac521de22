package io.waxwing.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.KeyHash;
import io.waxwing.dataflow.KeyedStream;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When a {@link StatefulLogic}'s callbacks run, after Bytewax's {@code pytests/operators/test_stateful.py}:
 * after each batch the keys whose notification is due are notified — one the batch itself asked
 * for included — and after {@code onEof} nothing more is called; at end of input, and for
 * notifications due at the same instant, keys are visited in key order.
 */
@Timeout(60)
class StatefulCallOrderTest {

    /** When the logic asks to be notified. */
    enum Ask {
        NEVER, NOW_AFTER_ITEM, NOW_AFTER_EOF, EPOCH_AFTER_ITEM
    }

    /** Emits each transition of its state as {@code "OLD>NEW"}: NEW, ITEM, NOTIFY, EOF. */
    static final class Transitions implements StatefulLogic<Object, String, String> {
        private final Ask ask;
        private final boolean discardAfterNotify;
        private String state;
        private Instant notifyAt;

        Transitions(String resume, Ask ask, boolean discardAfterNotify) {
            this.ask = ask;
            this.discardAfterNotify = discardAfterNotify;
            this.state = resume == null ? "NEW" : resume;
        }

        private void move(String to, Consumer<? super String> emit) {
            emit.accept(state + ">" + to);
            state = to;
        }

        @Override
        public boolean onItem(Object value, Consumer<? super String> emit) {
            if (ask == Ask.NOW_AFTER_ITEM) {
                notifyAt = Instant.now();
            } else if (ask == Ask.EPOCH_AFTER_ITEM) {
                notifyAt = Instant.EPOCH;
            }
            move("ITEM", emit);
            return RETAIN;
        }

        @Override
        public boolean onNotify(Consumer<? super String> emit) {
            notifyAt = null;
            move("NOTIFY", emit);
            return discardAfterNotify ? DISCARD : RETAIN;
        }

        @Override
        public boolean onEof(Consumer<? super String> emit) {
            if (ask == Ask.NOW_AFTER_EOF) {
                notifyAt = Instant.now();
            }
            move("EOF", emit);
            return RETAIN;
        }

        @Override
        public Instant notifyAt() {
            return notifyAt;
        }

        @Override
        public String snapshot() {
            return state;
        }
    }

    private static List<KV<String>> run(EntryPoint ep, List<?> items, int batchSize, Ask ask, boolean discard) {
        List<KV<String>> out = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = new Dataflow("test_df");
        KeyedStream.of(flow.input("inp", new TestingSource<KV<Object>>(items, batchSize)))
                .<String, String>stateful("stateful", resume -> new Transitions(resume, ask, discard))
                .output("out", new TestingSink<>(out));
        ep.run(flow, Duration.ZERO, null);
        synchronized (out) {
            return new ArrayList<>(out);
        }
    }

    private static List<String> values(List<KV<String>> kvs) {
        return kvs.stream().map(KV::value).toList();
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void aNotificationDueNowFiresAfterItsItemsBatchBeforeTheNextItem(EntryPoint ep) {
        List<?> items = List.of(KV.of("ALL", 1), KV.of("ALL", 2), TestingSource.abort());

        List<KV<String>> out = run(ep, items, 1, Ask.NOW_AFTER_ITEM, false);

        assertEquals(List.of("NEW>ITEM", "ITEM>NOTIFY", "NOTIFY>ITEM", "ITEM>NOTIFY"), values(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void aNotificationThatDiscardsGivesTheNextItemAFreshLogic(EntryPoint ep) {
        List<?> items = List.of(KV.of("ALL", 1), KV.of("ALL", 2), TestingSource.abort());

        List<KV<String>> out = run(ep, items, 1, Ask.NOW_AFTER_ITEM, true);

        assertEquals(List.of("NEW>ITEM", "ITEM>NOTIFY", "NEW>ITEM", "ITEM>NOTIFY"), values(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void aNotificationDueAtTheEndOfInputFiresBeforeOnEof(EntryPoint ep) {
        List<KV<String>> out = run(ep, List.of(KV.of("ALL", 1)), 1, Ask.NOW_AFTER_ITEM, false);

        assertEquals(List.of("NEW>ITEM", "ITEM>NOTIFY", "NOTIFY>EOF"), values(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void nothingIsCalledAfterOnEofEvenIfTheLogicAsksForANotification(EntryPoint ep) {
        List<KV<String>> out = run(ep, List.of(KV.of("ALL", 1)), 1, Ask.NOW_AFTER_EOF, false);

        assertEquals(List.of("NEW>ITEM", "ITEM>EOF"), values(out));
    }

    private static final List<String> KEYS = List.of("pear", "apple", "quince", "fig", "kiwi", "date", "banana",
            "cherry", "grape", "lemon", "mango", "olive", "nectarine", "elderberry", "honeydew", "jackfruit");

    /**
     * What each worker emitted, in its order: the sink is on the worker of the key, and one worker's
     * items reach the sink in the order that worker emitted them.
     */
    private static List<List<String>> keysPerWorker(List<KV<String>> out, String transition, int workers) {
        List<List<String>> perWorker = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            perWorker.add(new ArrayList<>());
        }
        for (KV<String> kv : out) {
            if (kv.value().equals(transition)) {
                perWorker.get(KeyHash.route(kv.key(), workers)).add(kv.key());
            }
        }
        return perWorker;
    }

    private static List<List<String>> sorted(List<List<String>> lists) {
        List<List<String>> copy = new ArrayList<>();
        for (List<String> l : lists) {
            copy.add(l.stream().sorted().toList());
        }
        return copy;
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void atTheEndOfInputKeysAreVisitedInKeyOrder(EntryPoint ep) {
        List<Object> items = new ArrayList<>();
        for (String k : KEYS) {
            items.add(KV.of(k, 1));
        }

        List<KV<String>> out = run(ep, items, 1, Ask.NEVER, false);

        List<List<String>> eofs = keysPerWorker(out, "ITEM>EOF", ep.workers());
        assertEquals(KEYS.size(), eofs.stream().mapToInt(List::size).sum(), "every key got onEof: " + out);
        assertEquals(sorted(eofs), eofs);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void notificationsDueAtTheSameInstantAreCalledInKeyOrder(EntryPoint ep) {
        List<Object> items = new ArrayList<>();
        for (String k : KEYS) {
            items.add(KV.of(k, 1));
        }

        // One batch: every key asks, in that batch, for the same (past) instant.
        List<KV<String>> out = run(ep, items, KEYS.size(), Ask.EPOCH_AFTER_ITEM, false);

        List<List<String>> notified = keysPerWorker(out, "ITEM>NOTIFY", ep.workers());
        assertEquals(KEYS.size(), notified.stream().mapToInt(List::size).sum(), "every key was notified: " + out);
        assertEquals(sorted(notified), notified);
    }
}
