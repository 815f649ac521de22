package io.waxwing.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SmokeTest {
    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void mapAndCount(EntryPoint ep) {
        Dataflow flow = new Dataflow("smoke");
        List<Integer> out = new ArrayList<>();
        io.waxwing.dataflow.Stream<Integer> s = flow.input("inp", new TestingSource<>(List.of(1, 2, 3)));
        s.map("add_one", x -> x + 1).output("out", new TestingSink<>(out));
        ep.run(flow);
        out.sort(Comparator.naturalOrder());
        assertEquals(List.of(2, 3, 4), out);
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void wordCount(EntryPoint ep) {
        Dataflow flow = new Dataflow("wc");
        List<KV<Long>> out = new ArrayList<>();
        flow.input("inp", new TestingSource<String>(List.of("a b c", "a b", "a"), 2))
                .flatMap("split", (String l) -> List.of(l.split(" ")))
                .keyOn("key", w -> w)
                .countFinal("count")
                .output("out", new TestingSink<>(out));
        ep.run(flow);
        out.sort(Comparator.comparing(KV::key));
        assertEquals(List.of(KV.of("a", 3L), KV.of("b", 2L), KV.of("c", 1L)), out);
    }
}
