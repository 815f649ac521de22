package io.waxwing.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waxwing.InJvmCluster;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.recovery.Recovery;
import io.waxwing.recovery.RecoveryConfig;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The design card's "one actor system per process": a process's recovery journals run as entities
 * of the execution's own ActorSystem, not of a second one. Every running ActorSystem has a
 * scheduler thread named {@code <system>-scheduler-<n>} running Pekko's scheduler (other libraries
 * name threads alike: Prometheus's {@code prometheus-metrics-scheduler-<n>}); the step below lists
 * them while data flows.
 */
@Timeout(120)
class OneActorSystemPerProcessTest {
    private static final Pattern SCHEDULER = Pattern.compile("(.+)-scheduler-\\d+");
    private static final String PEKKO_SCHEDULER = "org.apache.pekko.actor.LightArrayRevolverScheduler";

    @TempDir
    Path dbDir;

    private static Set<String> runningActorSystems() {
        Set<String> names = new TreeSet<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Matcher m = SCHEDULER.matcher(e.getKey().getName());
            if (e.getKey().isAlive() && m.matches() && Arrays.stream(e.getValue())
                    .anyMatch(frame -> frame.getClassName().startsWith(PEKKO_SCHEDULER))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static Dataflow flow(Set<String> seen, List<Integer> out) {
        Dataflow flow = new Dataflow("one_system");
        flow.input("inp", new TestingSource<Integer>(List.of(1, 2, 3)))
                .inspect("look", x -> seen.addAll(runningActorSystems()))
                .output("out", new TestingSink<>(out));
        return flow;
    }

    @Test
    void aClusterProcessWithSpreadRecoveryRunsOneActorSystem() {
        Recovery.initDbDir(dbDir, 3);
        Set<String> seen = new ConcurrentSkipListSet<>();
        List<Integer> out = Collections.synchronizedList(new ArrayList<>());
        InJvmCluster.run(flow(seen, out), 1, 2, Duration.ZERO, new RecoveryConfig(dbDir));
        assertEquals(List.of(1, 2, 3), out.stream().sorted().toList());
        assertEquals(Set.of("waxwing"), seen);
    }

    @Test
    void aSingleProcessWithRecoveryRunsOneActorSystem() {
        Recovery.initDbDir(dbDir, 2);
        Set<String> seen = new ConcurrentSkipListSet<>();
        List<Integer> out = Collections.synchronizedList(new ArrayList<>());
        Execution.clusterMain(flow(seen, out), List.of(), 0, Duration.ZERO, new RecoveryConfig(dbDir), 2);
        assertEquals(List.of(1, 2, 3), out.stream().sorted().toList());
        assertEquals(Set.of("waxwing"), seen);
    }
}
