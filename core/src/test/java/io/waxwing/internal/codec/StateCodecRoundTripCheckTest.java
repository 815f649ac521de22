package io.waxwing.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The codec decodes the first value of each class it encodes with Jackson, so a value that could be
 * stored but never restored fails when it is encoded, naming its type and step.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StateCodecRoundTripCheckTest {

    /** Final fields and two constructors, neither without arguments: Jackson cannot pick one. */
    static final class FinalFields {
        private final String name;
        private final long count;

        FinalFields(String name, long count) {
            this.name = name;
            this.count = count;
        }

        FinalFields(String name) {
            this(name, 0);
        }

        @Override
        public String toString() {
            return name + count;
        }
    }

    /** A lambda in a field declared as an interface. */
    static final class HoldsLambda {
        private String name;
        private Supplier<String> greeting;

        HoldsLambda() {
        }

        HoldsLambda(String name) {
            this.name = name;
            String prefix = "hello ";
            this.greeting = () -> prefix + "world";
        }
    }

    /** A lambda in a field declared as {@code Object}: written under a class name no loader knows. */
    static final class HoldsObject {
        private Object value;

        HoldsObject() {
        }

        HoldsObject(Object value) {
            this.value = value;
        }
    }

    /** As {@link HoldsObject}, for the passing case: the check runs once per class. */
    static final class HoldsAnything {
        private Object value;

        HoldsAnything() {
        }

        HoldsAnything(Object value) {
            this.value = value;
        }
    }

    static final class HoldsThread {
        private String name = "t";
        private Thread thread = new Thread(() -> { });

        HoldsThread() {
        }
    }

    /** Decodes through a setter that changes the value: it comes back different. */
    static final class Shouting {
        private String word;

        Shouting() {
        }

        Shouting(String word) {
            this.word = word;
        }

        public void setWord(String word) {
            this.word = word.toUpperCase(java.util.Locale.ROOT);
        }
    }

    record Histogram(String name, long[] buckets) {
    }

    enum Op {
        ADD {
            @Override
            long apply(long a, long b) {
                return a + b;
            }
        },
        MUL {
            @Override
            long apply(long a, long b) {
                return a * b;
            }
        };

        abstract long apply(long a, long b);
    }

    /** Counts how often it is constructed; only decoding constructs it here. */
    static final class CountsDecodes {
        static final AtomicInteger DECODED = new AtomicInteger();
        private int n;

        CountsDecodes() {
            DECODED.incrementAndGet();
        }

        static CountsDecodes of(int n) {
            CountsDecodes c = new CountsDecodes();
            DECODED.decrementAndGet();
            c.n = n;
            return c;
        }
    }

    private static CodecException refused(Object value, String stepId) {
        return assertThrows(CodecException.class, () -> StateCodec.encode(value, stepId));
    }

    private static void assertNamesTypeStepAndFix(CodecException e, Class<?> type, String stepId) {
        String m = e.getMessage();
        assertTrue(m.contains(type.getName()), m);
        assertTrue(m.contains("step '" + stepId + "'"), m);
        assertTrue(m.contains("no-argument constructor"), m);
        assertTrue(m.length() < 1200, "one readable message, not a Jackson reference chain: " + m.length());
    }

    @Test
    void aClassWithFinalFieldsAndNoUsableConstructorIsRefusedWhenEncoded() {
        CodecException e = refused(new FinalFields("a", 3), "totals");
        assertNamesTypeStepAndFix(e, FinalFields.class, "totals");
        assertTrue(e.getMessage().contains("could never be restored"), e.getMessage());
    }

    @Test
    void aLambdaInAnInterfaceFieldIsRefusedWhenEncoded() {
        assertNamesTypeStepAndFix(refused(new HoldsLambda("x"), "greet"), HoldsLambda.class, "greet");
    }

    @Test
    void aLambdaInAnObjectFieldIsRefusedWhenEncoded() {
        Runnable r = () -> { };
        assertNamesTypeStepAndFix(refused(new HoldsObject(r), "hold"), HoldsObject.class, "hold");
    }

    @Test
    void aThreadInAFieldIsRefusedWhenEncoded() {
        assertNamesTypeStepAndFix(refused(new HoldsThread(), "threads"), HoldsThread.class, "threads");
    }

    @Test
    void aValueThatDecodesDifferentlyIsRefused() {
        CodecException e = refused(new Shouting("quiet"), "shout");
        assertNamesTypeStepAndFix(e, Shouting.class, "shout");
        assertTrue(e.getMessage().contains("differs"), e.getMessage());
    }

    @Test
    void anUnrestorableElementOfACollectionIsRefused() {
        CodecException e = refused(Map.of("k", List.of(new FinalFields("b", 1))), "lists");
        assertNamesTypeStepAndFix(e, FinalFields.class, "lists");
    }

    @Test
    void restorableTypesPassTheCheck() {
        Histogram h = new Histogram("h", new long[] {1, 2, 3});
        Histogram back = (Histogram) StateCodec.decode(StateCodec.encode(h, "hist"));
        assertArrayEquals(h.buckets(), back.buckets());
        assertSame(Op.MUL, StateCodec.decode(StateCodec.encode(Op.MUL, "ops")));
        assertEquals(List.of(Op.ADD, Op.MUL), StateCodec.decode(StateCodec.encode(List.of(Op.ADD, Op.MUL), "ops")));
        assertEquals("hello",
                ((HoldsAnything) StateCodec.decode(StateCodec.encode(new HoldsAnything("hello"), "h"))).value);
    }

    @Test
    void aClassIsCheckedOnlyTheFirstTimeItIsEncoded() {
        int before = CountsDecodes.DECODED.get();
        for (int i = 0; i < 5; i++) {
            StateCodec.encode(CountsDecodes.of(i), "count");
        }
        assertEquals(before + 1, CountsDecodes.DECODED.get());
    }
}
