package io.waxwing.connectors.stdio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waxwing.outputs.StatelessSinkPartition;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StdOutSinkTest {
    private static final String NL = System.lineSeparator();
    private PrintStream original;
    private ByteArrayOutputStream captured;

    @BeforeEach
    void captureStdOut() {
        original = System.out;
        captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, false, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStdOut() {
        System.setOut(original);
    }

    private String output() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsEachItemsToStringOnItsOwnLine() {
        StatelessSinkPartition<Object> part = new StdOutSink<>().build("flow.out", 0, 1);
        part.writeBatch(Arrays.asList("a", 2, null, List.of("x", "y")));
        part.writeBatch(List.of("b"));
        part.close();
        assertEquals("a" + NL + "2" + NL + "null" + NL + "[x, y]" + NL + "b" + NL, output());
    }

    @Test
    void flushesAfterEachBatch() {
        // Not autoflushing, so only the sink's own flush can make the batch visible.
        StatelessSinkPartition<String> part = new StdOutSink<String>().build("flow.out", 0, 1);
        part.writeBatch(List.of("héllo 🐦"));
        assertEquals("héllo 🐦" + NL, output());
    }

    @Test
    void findsSystemOutAtEachBatchSoARedirectTakesEffect() {
        StatelessSinkPartition<String> part = new StdOutSink<String>().build("flow.out", 0, 1);
        part.writeBatch(List.of("first"));
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        System.setOut(new PrintStream(second, false, StandardCharsets.UTF_8));
        part.writeBatch(List.of("second"));
        assertEquals("first" + NL, output());
        assertEquals("second" + NL, second.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyBatchPrintsNothing() {
        new StdOutSink<String>().build("flow.out", 0, 1).writeBatch(List.of());
        assertEquals("", output());
    }
}
