package io.waxwing.windowing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.recovery.Recovery;
import io.waxwing.recovery.RecoveryConfig;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Windows open across an abort resume from the durable recovery store (encoded, written to H2,
 * read back), under every entry point.
 */
@Timeout(120)
class WindowDurableRecoveryTest {
    private static final Instant ALIGN = Instant.parse("2022-01-01T00:00:00Z");

    @TempDir
    Path dbDir;

    /** A value at {@code second} seconds after {@link #ALIGN}, for key {@code key}. */
    public record Ev(String key, int second) {
        Instant time() {
            return ALIGN.plusSeconds(second);
        }
    }

    private List<String> collectAcrossAnAbort(EntryPoint ep, List<Object> items, Windower<?> windower) {
        Recovery.initDbDir(dbDir, 2);
        List<KV<Windowed<List<Integer>>>> out = Collections.synchronizedList(new ArrayList<>());
        TestingSource<Ev> source = new TestingSource<>(items);
        Dataflow flow = new Dataflow("df");
        flow.input("inp", source)
                .keyOn("key", Ev::key)
                .collectWindow("collect", new EventClock<Ev>(Ev::time, Duration.ZERO), windower)
                .down()
                .mapValue("seconds", w -> new Windowed<>(w.windowId(),
                        w.value().stream().map(Ev::second).toList()))
                .output("out", new TestingSink<>(out));
        RecoveryConfig recovery = new RecoveryConfig(dbDir);
        ep.run(flow, Duration.ZERO, recovery);
        ep.run(flow, Duration.ZERO, recovery);
        List<String> lines = new ArrayList<>();
        synchronized (out) {
            for (KV<Windowed<List<Integer>>> kv : out) {
                lines.add(kv.key() + " " + kv.value().windowId() + " " + kv.value().value());
            }
        }
        lines.sort(Comparator.naturalOrder());
        return lines;
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void openTumblingWindowsResumeFromTheStoreAfterAnAbort(EntryPoint ep) {
        List<Object> items = List.of(new Ev("a", 0), new Ev("b", 1), new Ev("a", 4), new Ev("a", 8),
                TestingSource.pause(Duration.ofMillis(300)), TestingSource.abort(),
                new Ev("a", 12), new Ev("b", 15), new Ev("a", 13));
        assertEquals(List.of("a 0 [0, 4, 8]", "a 1 [12, 13]", "b 0 [1]", "b 1 [15]"),
                collectAcrossAnAbort(ep, items, new TumblingWindower(Duration.ofSeconds(10), ALIGN)));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#all")
    void openSessionsResumeFromTheStoreAfterAnAbort(EntryPoint ep) {
        List<Object> items = List.of(new Ev("a", 0), new Ev("a", 2), new Ev("b", 3),
                TestingSource.pause(Duration.ofMillis(300)), TestingSource.abort(),
                new Ev("a", 4), new Ev("a", 30), new Ev("b", 40), new Ev("a", 31));
        assertEquals(List.of("a 0 [0, 2, 4]", "a 1 [30, 31]", "b 0 [3]", "b 1 [40]"),
                collectAcrossAnAbort(ep, items, new SessionWindower(Duration.ofSeconds(5))));
    }
}
