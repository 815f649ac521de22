package io.waxwing.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.errors.WaxwingRuntimeException;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code Stream.mapMulti}: a flat map whose function pushes its items to an emitter. */
@Timeout(60)
class MapMultiTest {

    private static void words(String line, Consumer<String> out) {
        int start = 0;
        for (int sp; (sp = line.indexOf(' ', start)) >= 0; start = sp + 1) {
            if (sp > start) {
                out.accept(line.substring(start, sp));
            }
        }
        if (start < line.length()) {
            out.accept(line.substring(start));
        }
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void emitsEveryItemTheFunctionPushesInOrderAndNoneForAnEmptyLine(EntryPoint ep) {
        List<String> out = new ArrayList<>();
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<String>(List.of("split this", "", "and  that too")))
                .mapMulti("split", MapMultiTest::words)
                .output("out", new TestingSink<>(out));
        ep.run(flow);
        assertEquals(List.of("split", "this", "and", "that", "too"), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void anExceptionInTheFunctionStopsTheExecutionNamingTheStep(EntryPoint ep) {
        IllegalStateException boom = new IllegalStateException("boom");
        Dataflow flow = new Dataflow("test_df");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3)))
                .mapMulti("explode", (Integer x, Consumer<Integer> emit) -> {
                    emit.accept(x);
                    if (x == 2) {
                        throw boom;
                    }
                })
                .output("out", new TestingSink<>(new ArrayList<>()));
        WaxwingRuntimeException e = assertThrows(WaxwingRuntimeException.class, () -> ep.run(flow));
        assertTrue(e.getMessage().contains("test_df.explode"), e.getMessage());
        Throwable cause = e;
        while (cause != null && cause != boom) {
            cause = cause.getCause();
        }
        assertSame(boom, cause);
    }
}
