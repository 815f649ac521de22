package io.waxwing.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.internal.prefetch.KeyState;
import io.waxwing.operators.StatefulLogic;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A logic that carries its key's state in its own object ({@link KeyState}). */
class KeyStateTest {

    /** Emits each value, and asks to be woken at once after each; emits "woken" when it is. */
    private static final class Carrying extends KeyState implements StatefulLogic<String, String, String> {
        private boolean waiting;

        @Override
        public boolean onItem(String value, Consumer<? super String> emit) {
            emit.accept(value);
            waiting = true;
            return RETAIN;
        }

        @Override
        public boolean onNotify(Consumer<? super String> emit) {
            emit.accept("woken");
            waiting = false;
            return RETAIN;
        }

        @Override
        public Instant notifyAt() {
            return waiting ? Instant.EPOCH : null;
        }

        @Override
        public String snapshot() {
            return null;
        }
    }

    @Test
    void aStateIsClaimedOnceAndAfterwardsLeftAsItIs() {
        Carrying logic = new Carrying();
        assertTrue(logic.claim("a", 7, logic));
        assertFalse(logic.claim("b", 8, "other"));
        assertEquals("a", logic.key);
        assertEquals(7, logic.keyPrefix);
        assertSame(logic, logic.logic);
    }

    @Test
    void aLogicReturnedForEveryKeyStillGivesEachKeyItsOwnWake() {
        // The builder returns the one object for every key: only the first can keep its state in
        // it; the others get a state of their own, so that each key is still woken, as itself.
        Carrying shared = new Carrying();
        Dataflow flow = new Dataflow("df");
        List<KV<String>> out = Collections.synchronizedList(new ArrayList<>());
        flow.input("inp", new TestingSource<String>(List.of("c", "a", "b"), 3))
                .keyOn("key", w -> w)
                .<String, String>stateful("state", resume -> shared)
                .output("out", new TestingSink<>(out));
        assertTrue(new EngineGroup(flow, 1, RecoveryStore.NONE, Duration.ZERO).runToCompletion(10_000));
        // One batch: the keys are woken after it, at the same instant, in key order.
        assertEquals(List.of(new KV<>("c", "c"), new KV<>("a", "a"), new KV<>("b", "b"), new KV<>("a", "woken"),
                new KV<>("b", "woken"), new KV<>("c", "woken")), out);
        assertEquals("c", shared.key);
    }
}
