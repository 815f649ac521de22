package io.waxwing.run.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.junit.jupiter.api.Test;

/** What an execution's actor system leaves out of its start, and that what is left out still works when asked for. */
class StartupSettingsTest {
    private static final Config ROOT = EngineSettings.root();

    @Test
    void aClusterSystemKeepsPekkosSerializers() {
        Config c = ProcessRun.systemConfig(List.of("127.0.0.1:2551", "127.0.0.1:2552"), 1, 1, ROOT);
        assertEquals(ROOT.getConfig("pekko.actor.serializers"), c.getConfig("pekko.actor.serializers"));
        assertEquals(ROOT.getConfig("pekko.actor.serialization-bindings"),
                c.getConfig("pekko.actor.serialization-bindings"));
    }

    @Test
    void theReceptionistMaterializerAndJacksonsScalaModuleAreLeftOutAndNothingElse() {
        for (Config c : List.of(ProcessRun.systemConfig(List.of(), 0, 1, ROOT),
                ProcessRun.systemConfig(List.of("127.0.0.1:2551"), 0, 1, ROOT))) {
            List<String> typed = c.getStringList("pekko.actor.typed.library-extensions");
            List<String> classic = c.getStringList("pekko.library-extensions");
            assertFalse(typed.contains(StartupSettings.RECEPTIONIST), typed.toString());
            assertFalse(classic.contains(StartupSettings.MATERIALIZER), classic.toString());
            assertEquals(ROOT.getStringList("pekko.library-extensions").size() - 1, classic.size(), classic.toString());
            List<String> modules = c.getStringList(StartupSettings.JACKSON_MODULES);
            assertFalse(modules.contains(StartupSettings.JACKSON_SCALA_MODULE), modules.toString());
            assertEquals(ROOT.getStringList(StartupSettings.JACKSON_MODULES).size() - 1, modules.size());
        }
    }

    @Test
    void theReceptionistStillAnswersWhenFirstAskedFor() {
        ActorTestKit kit = ActorTestKit.create("receptionist", ProcessRun.systemConfig(List.of(), 0, 1, ROOT));
        try {
            ServiceKey<String> key = ServiceKey.create(String.class, "k");
            TestProbe<String> service = kit.createTestProbe();
            TestProbe<Receptionist.Registered> registered = kit.createTestProbe();
            kit.system().receptionist().tell(Receptionist.register(key, service.getRef(), registered.getRef()));
            registered.expectMessageClass(Receptionist.Registered.class, Duration.ofSeconds(10));
        } finally {
            kit.shutdownTestKit();
        }
    }
}
