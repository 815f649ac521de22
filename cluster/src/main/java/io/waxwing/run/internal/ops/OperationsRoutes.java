package io.waxwing.run.internal.ops;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * {@code GET /metrics} (Prometheus text format) and {@code GET /dataflow} (the dataflow graph as
 * JSON) on the management port; registered in {@code reference.conf} under
 * {@code pekko.management.http.routes}.
 */
public final class OperationsRoutes extends AllDirectives implements ManagementRouteProvider {
    private static final ContentType PROMETHEUS_TEXT = ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8");

    private final ExtendedActorSystem system;

    public OperationsRoutes(ExtendedActorSystem system) {
        this.system = system;
    }

    @Override
    public Route routes(ManagementRouteProviderSettings settings) {
        return concat(
                path("metrics", () -> get(() -> extractRequest(r -> complete(
                        HttpEntities.create(PROMETHEUS_TEXT, scrape()))))),
                path("dataflow", () -> get(() -> {
                    Operations ops = Operations.servedOrNull(system);
                    if (ops == null) {
                        // The bootstrap formation serves this port while the cluster forms, before the execution.
                        return complete(StatusCodes.SERVICE_UNAVAILABLE, "the cluster is forming: no execution yet");
                    }
                    return complete(HttpEntities.create(ContentTypes.APPLICATION_JSON, GraphRenderer.json(ops.graph())));
                })));
    }

    private byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            PrometheusTextFormatWriter.create().write(out, PrometheusMetrics.registry().scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
