package io.waxwing.run.internal.ops;

import io.waxwing.errors.WaxwingException;
import java.net.BindException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bootstrap formation's management: Pekko Management on the <em>execution's</em> actor system,
 * serving Cluster Bootstrap's contact-point routes beside Waxwing's probes and metrics, and Cluster
 * Bootstrap itself, which discovers the other processes' contact points and joins or forms the
 * cluster. (Without bootstrap, {@link ManagementServer} serves on a small system of its own.)
 */
public final class BootstrapManagement {
    private static final Logger LOG = LoggerFactory.getLogger(BootstrapManagement.class);

    private BootstrapManagement() {
    }

    /**
     * Starts the management server of {@code system} (its {@code pekko.management.http} settings),
     * then Cluster Bootstrap.
     *
     * @param where the management address as configured, for messages
     * @throws WaxwingException when the management port cannot be bound
     */
    public static void start(ActorSystem system, String where) {
        try {
            Uri uri = PekkoManagement.get(system).start().toCompletableFuture().get(30, TimeUnit.SECONDS);
            LOG.info("management server listening on {} (/bootstrap contact point, /alive /ready /startup /metrics"
                    + " /dataflow)", uri);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WaxwingException("interrupted while starting the management server on " + where, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    throw new WaxwingException("management port " + where + " is already in use (" + t.getMessage()
                            + "); the bootstrap formation serves its contact point there: choose another"
                            + " --management-port or stop the program that holds it", cause);
                }
            }
            throw new WaxwingException("could not start the management server on " + where + ": " + cause, cause);
        }
        ClusterBootstrap.get(system).start();
    }
}
