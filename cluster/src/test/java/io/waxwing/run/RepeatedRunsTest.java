package io.waxwing.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Start-up, exchange and shutdown races show up only now and then: run many small executions
 * back to back and require every one to finish with the right result.
 */
class RepeatedRunsTest {

    @Test
    @Timeout(120)
    void manySmallExecutionsAllFinishWithExactResults() {
        for (int run = 0; run < 40; run++) {
            int workers = 2 + run % 3;
            Duration interval = run % 2 == 0 ? Duration.ZERO : Duration.ofMillis(1);
            List<KV<Long>> out = Collections.synchronizedList(new ArrayList<>());
            Dataflow flow = new Dataflow("repeat");
            flow.input("inp", new TestingSource<String>(List.of("a b", "b c", "c a", "a"), 1 + run % 2))
                    .flatMap("split", (String l) -> List.of(l.split(" ")))
                    .keyOn("key", w -> w)
                    .countFinal("count")
                    .output("out", new TestingSink<>(out));
            Execution.clusterMain(flow, List.of(), 0, interval, null, workers);
            out.sort(Comparator.comparing(KV::key));
            assertEquals(List.of(KV.of("a", 3L), KV.of("b", 2L), KV.of("c", 2L)), out,
                    "run " + run + " with " + workers + " workers");
        }
    }
}
