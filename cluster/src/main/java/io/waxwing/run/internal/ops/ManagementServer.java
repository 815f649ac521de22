package io.waxwing.run.internal.ops;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.waxwing.errors.WaxwingException;
import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pekko Management's HTTP server for this process, on an actor system of its own
 * ({@code waxwing-management}, local): the execution's actor system exists only in a cluster run
 * and only while it runs, whereas every process — {@code runMain} included — serves the probes,
 * from before the execution starts until after it ended.
 */
final class ManagementServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);

    private final ActorSystem system;
    private final Duration linger;

    private ManagementServer(ActorSystem system, Duration linger) {
        this.system = system;
        this.linger = linger;
    }

    /**
     * Binds {@code host:port} ({@code host} empty: Pekko Management's default, this machine's
     * address; port 0: a free port, logged).
     *
     * @param serve called with the new actor system before the server starts
     */
    static ManagementServer start(Config root, String host, int port, Duration linger, Consumer<ActorSystem> serve) {
        Config c = ConfigFactory.empty()
                .withValue("pekko.management.http.port", ConfigValueFactory.fromAnyRef(port))
                .withValue("pekko.actor.provider", ConfigValueFactory.fromAnyRef("local"));
        if (!host.isEmpty()) {
            c = c.withValue("pekko.management.http.hostname", ConfigValueFactory.fromAnyRef(host));
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ActorSystem system = ActorSystem.create("waxwing-management", c.withFallback(root).resolve(),
                loader == null ? ManagementServer.class.getClassLoader() : loader);
        serve.accept(system);
        String where = (host.isEmpty() ? "<this host>" : host) + ":" + port;
        try {
            Uri uri = PekkoManagement.get(system).start().toCompletableFuture().get(30, TimeUnit.SECONDS);
            LOG.info("management server listening on {} (/alive /ready /startup /metrics /dataflow)", uri);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            terminate(system);
            throw new WaxwingException("interrupted while starting the management server on " + where, e);
        } catch (ExecutionException | TimeoutException e) {
            terminate(system);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    throw new WaxwingException("management port " + where + " is already in use (" + t.getMessage()
                            + "); choose another --management-port (0 picks a free one) or stop the program that"
                            + " holds it", cause);
                }
            }
            throw new WaxwingException("could not start the management server on " + where + ": " + cause, cause);
        }
        return new ManagementServer(system, linger);
    }

    ActorSystem system() {
        return system;
    }

    /** Serves the final state for {@code linger} (probes and a last scrape see the end), then stops. */
    @Override
    public void close() {
        if (!linger.isZero()) {
            try {
                Thread.sleep(linger.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            PekkoManagement.get(system).stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("the management server did not stop cleanly", e);
        }
        terminate(system);
    }

    private static void terminate(ActorSystem system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("the management actor system did not terminate within 10 s", e);
        }
    }
}
