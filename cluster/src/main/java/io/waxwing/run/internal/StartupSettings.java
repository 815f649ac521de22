package io.waxwing.run.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * What an execution's actor system leaves out of its start, because Waxwing never uses it or uses
 * it later: each is classes a cold JVM would load and initialize before the first item flows
 * (docs/BENCHMARKS.md, "Start-up"). Nothing here changes what a system can do: what is left out of
 * the start is made when first used.
 */
final class StartupSettings {
    /** Started with every typed system; in a cluster, with a Distributed Data replicator. Waxwing never asks for it. */
    static final String RECEPTIONIST = "org.apache.pekko.actor.typed.receptionist.Receptionist$";
    /** The system's stream materializer: made by Artery when a cluster starts, and on first use otherwise. */
    static final String MATERIALIZER = "org.apache.pekko.stream.SystemMaterializer$";
    static final String JACKSON_MODULES = "pekko.serialization.jackson.jackson-modules";

    /**
     * Jackson's module for Scala types, registered by Pekko with every Jackson serializer: ~200
     * classes. Waxwing's messages are Java records.
     */
    static final String JACKSON_SCALA_MODULE = "com.fasterxml.jackson.module.scala.DefaultScalaModule";

    private StartupSettings() {
    }

    /**
     * {@code config}, an execution's system settings over {@code root}, with the receptionist and
     * the materializer made on first use instead of at the start, Jackson without its Scala
     * module, and — for a local system — with
     * Jackson's serializers made on first use too ({@link LazyJacksonSerializer}).
     *
     * <p>(Pekko makes the other serializers at the start too, Distributed Data's among them, ~190
     * classes even in a local system; a setting can only replace a serializer, not remove it,
     * since Pekko merges every reference.conf under the system's settings again.)
     */
    static Config of(Config config, Config root, boolean local) {
        Config c = config
                .withValue("pekko.actor.typed.library-extensions",
                        without(root.getStringList("pekko.actor.typed.library-extensions"), RECEPTIONIST))
                .withValue("pekko.library-extensions",
                        without(root.getStringList("pekko.library-extensions"), MATERIALIZER))
                .withValue(JACKSON_MODULES, without(root.getStringList(JACKSON_MODULES), JACKSON_SCALA_MODULE));
        return (local ? LazyJacksonSerializer.inLocalSystem(c, root) : c).withFallback(root);
    }

    private static ConfigValue without(List<String> list, String entry) {
        List<String> kept = new ArrayList<>(list);
        kept.remove(entry);
        return ConfigValueFactory.fromIterable(kept);
    }
}
