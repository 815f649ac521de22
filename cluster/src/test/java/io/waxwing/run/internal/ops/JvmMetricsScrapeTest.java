package io.waxwing.run.internal.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The JVM's metrics are registered when first scraped, and that first scrape has them. */
class JvmMetricsScrapeTest {

    @Test
    void theFirstScrapeHasTheJvmsMetricsBesideWaxwings() {
        new PrometheusMetrics(0, new ProcessHealth(1, Duration.ofSeconds(30), System::nanoTime), true);
        boolean jvm = false;
        boolean waxwing = false;
        for (MetricSnapshot m : PrometheusMetrics.registry().scrape()) {
            String name = m.getMetadata().getPrometheusName();
            jvm |= name.startsWith("jvm_memory_");
            waxwing |= name.equals("waxwing_restarts");
        }
        assertTrue(jvm, "no jvm_memory_ metric in the first scrape");
        assertTrue(waxwing, "no waxwing_restarts in the first scrape");
    }
}
