package io.waxwing.windowing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.errors.WaxwingRuntimeException;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** An event at the very end of time (Instant.MAX): a window step fails with a message that says so. */
@Timeout(60)
class ExtremeTimestampTest {
    private static final Instant ALIGN = Instant.parse("2022-01-01T00:00:00Z");

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void anEventAtInstantMaxFailsTheWindowStepWithAClearMessage(EntryPoint ep) {
        Dataflow flow = new Dataflow("test_df");
        List<Object> out = new ArrayList<>();
        flow.input("inp", new TestingSource<Instant>(List.of(ALIGN, Instant.MAX)))
                .keyOn("key", t -> "ALL")
                .countWindow("count", new EventClock<Instant>(t -> t, Duration.ofSeconds(5)),
                        new TumblingWindower(Duration.ofSeconds(10), ALIGN))
                .down().output("out", new TestingSink<>(out));
        WaxwingRuntimeException e = assertThrows(WaxwingRuntimeException.class, () -> ep.run(flow));
        String m = e.getMessage();
        assertTrue(m.contains("test_df.count"), m);
        assertTrue(m.contains(Instant.MAX.toString()) || m.contains("timestamp"), m);
        assertFalse(m.contains("DateTimeException") && !m.contains(Instant.MAX.toString()), m);
    }
}
