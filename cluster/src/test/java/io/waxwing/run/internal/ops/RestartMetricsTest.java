package io.waxwing.run.internal.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartMetricsTest {

    private static double restarts(String process) {
        for (MetricSnapshot m : PrometheusMetrics.registry().scrape()) {
            if (m.getMetadata().getPrometheusName().equals("waxwing_restarts") && m instanceof CounterSnapshot c) {
                for (CounterSnapshot.CounterDataPointSnapshot p : c.getDataPoints()) {
                    if (p.getLabels().get("process_id").equals(process)) {
                        return p.getValue();
                    }
                }
            }
        }
        return 0;
    }

    @Test
    void aRestartIsCountedAndTheProcessIsReadyAgainOnceItsWorkersStart() {
        ProcessHealth health = new ProcessHealth(1, Duration.ofSeconds(30), System::nanoTime);
        PrometheusMetrics metrics = new PrometheusMetrics(7, health, true);
        double before = restarts("7");
        metrics.workerStarted(0, 1);
        metrics.ended(true);
        assertEquals("the execution failed", health.notReady());
        metrics.restarting();
        assertEquals(before + 1, restarts("7"));
        assertTrue(health.notReady().startsWith("waiting for the execution to start"), health.notReady());
        metrics.workerStarted(0, 3);
        assertNull(health.notReady());
    }
}
