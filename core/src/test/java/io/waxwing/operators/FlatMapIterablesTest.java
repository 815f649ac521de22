package io.waxwing.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@code flatMap} emits the elements of every kind of Iterable in their order. */
class FlatMapIterablesTest {

    private static List<String> run(Function<String, Iterable<String>> split) {
        Dataflow flow = new Dataflow("df");
        List<String> out = new ArrayList<>();
        flow.input("inp", new TestingSource<String>(List.of("a b c", "", "d e")))
                .flatMap("split", split)
                .output("out", new TestingSink<>(out));
        EntryPoint.RUN_MAIN.run(flow);
        return out;
    }

    @Test
    void anArrayBackedListIsEmittedInOrder() {
        assertEquals(List.of("a", "b", "c", "", "d", "e"), run(line -> Arrays.asList(line.split(" "))));
    }

    @Test
    void aListWithoutRandomAccessIsEmittedInOrder() {
        assertEquals(List.of("a", "b", "c", "", "d", "e"),
                run(line -> new LinkedList<>(Arrays.asList(line.split(" ")))));
    }

    @Test
    void anIterableThatIsNoCollectionIsEmittedInOrder() {
        assertEquals(List.of("a", "b", "c", "", "d", "e"), run(line -> () -> Arrays.asList(line.split(" ")).iterator()));
    }
}
