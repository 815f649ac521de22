package io.waxwing.run.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every process decides alike whether to restart: what decides it must cross the network intact. */
class OutcomeSerializationTest {
    private static ActorTestKit kit;

    @BeforeAll
    static void start() {
        kit = ActorTestKit.create("outcomes", EngineSettings.root());
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    private static Object roundTrip(Object message) {
        Serialization serialization = SerializationExtension.get(kit.system().classicSystem());
        Serializer serializer = serialization.findSerializerFor(message);
        byte[] bytes = serialization.serialize(message).get();
        return serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message))
                .get();
    }

    @Test
    void aUserFailureKeepsItsExceptionTypesAcrossProcesses() {
        ProcessSupervisor.Finish finish = new ProcessSupervisor.Finish(new Outcome.UserFailure("f.check", "boom",
                RestartPolicy.typesOf(new NumberFormatException("x"))));
        ProcessSupervisor.Finish back = (ProcessSupervisor.Finish) roundTrip(finish);
        assertEquals(finish, back);
        assertEquals(true, ((Outcome.UserFailure) back.outcome()).exceptionTypes()
                .contains("java.lang.IllegalArgumentException"));
    }

    @Test
    void aClusterFailureKeepsWhetherItIsRetryable() {
        for (boolean retryable : List.of(true, false)) {
            ProcessSupervisor.Finish finish = new ProcessSupervisor.Finish(
                    new Outcome.ClusterFailure("processes disagree", retryable));
            assertEquals(finish, roundTrip(finish));
        }
    }
}
