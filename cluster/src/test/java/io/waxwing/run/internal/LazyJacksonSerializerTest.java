package io.waxwing.run.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A process without addresses starts its actor system without Jackson, and serializes as Pekko's Jackson would. */
class LazyJacksonSerializerTest {
    private final ProcessSupervisor.Finish message = new ProcessSupervisor.Finish(
            new Outcome.ClusterFailure("processes disagree", true));
    private ActorTestKit local;
    private ActorTestKit plain;

    @AfterEach
    void stop() {
        if (local != null) {
            local.shutdownTestKit();
        }
        if (plain != null) {
            plain.shutdownTestKit();
        }
    }

    private static Serialization serialization(ActorTestKit kit) {
        return SerializationExtension.get(kit.system().classicSystem());
    }

    private static ActorTestKit localSystem(String name) {
        Config config = ProcessRun.systemConfig(List.of(), 0, 2, EngineSettings.root());
        return ActorTestKit.create(name, config);
    }

    @Test
    void aLocalSystemMakesNoJacksonMapperUntilAMessageIsSerialized() throws Exception {
        local = localSystem("lazy");
        Serializer s = serialization(local).serializerFor(ProcessSupervisor.Finish.class);
        LazyJacksonSerializer lazy = assertInstanceOf(LazyJacksonSerializer.class, s);
        assertFalse(lazy.made(), "Jackson's serializer was made before anything was serialized");
        serialization(local).serialize(message).get();
        assertTrue(lazy.made());
    }

    @Test
    void aLocalSystemWritesTheBytesAndIdentifierOfPekkosJacksonCbor() {
        local = localSystem("lazy");
        plain = ActorTestKit.create("plain", EngineSettings.root());
        Serializer pekkos = serialization(plain).findSerializerFor(message);
        assertInstanceOf(JacksonCborSerializer.class, pekkos);
        Serializer lazy = serialization(local).findSerializerFor(message);

        assertEquals(pekkos.identifier(), lazy.identifier());
        assertEquals(Serializers.manifestFor(pekkos, message), Serializers.manifestFor(lazy, message));
        byte[] bytes = serialization(plain).serialize(message).get();
        assertArrayEquals(bytes, serialization(local).serialize(message).get());
        assertEquals(message, serialization(local).deserialize(bytes, lazy.identifier(),
                Serializers.manifestFor(lazy, message)).get());
    }

    @Test
    void itStandsInOnlyForPekkosJacksonBindings() {
        local = localSystem("lazy");
        ExtendedActorSystem system = (ExtendedActorSystem) local.system().classicSystem();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LazyJacksonSerializer(system, "my-json"));
        assertTrue(e.getMessage().contains("my-json"), e.getMessage());
    }
}
