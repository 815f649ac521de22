package io.waxwing.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.run.Execution;
import io.waxwing.testing.TestingSink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** Brokers that do not answer: a clear error within the source's timeout. Needs no broker. */
class KafkaUnreachableBrokerTest {

    /** A loopback port nothing listens on (bound, then released). */
    private static String deadAddress() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    @Test
    void unreachableBrokerFailsTheRunNamingTheBrokersWithinTheTimeout() throws IOException {
        String brokers = deadAddress();
        Dataflow flow = new Dataflow("unreachable");
        flow.input("in", KafkaSource.builder().brokers(brokers).topics("t").timeout(Duration.ofSeconds(3)).build())
                .output("out", new TestingSink<>(new ArrayList<>()));
        long start = System.nanoTime();
        RuntimeException e = assertThrows(RuntimeException.class, () -> Execution.runMain(flow));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String text = KafkaConnectorTest.messages(e);
        assertTrue(text.contains("cannot reach the Kafka brokers " + brokers + " within 3000 ms"), text);
        assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "took " + took);
    }

    @Test
    void sinkToUnreachableBrokerFailsNamingTheTopicWithinTheTimeout() throws IOException {
        String brokers = deadAddress();
        Dataflow flow = new Dataflow("unreachable_sink");
        flow.input("in", new io.waxwing.testing.TestingSource<String>(java.util.List.of("x")))
                .map("msg", s -> KafkaSinkMessage.of(s, s))
                .output("out", KafkaSink.builder().brokers(brokers).topic("t").timeout(Duration.ofSeconds(3)).build());
        RuntimeException e = assertThrows(RuntimeException.class, () -> Execution.runMain(flow));
        String text = KafkaConnectorTest.messages(e);
        assertTrue(text.contains("cannot find Kafka topic 't' on " + brokers + " within 3000 ms"), text);
    }
}
