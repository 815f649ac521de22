package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the launcher prints when a dataflow fails: "cannot run:" only when it was refused before it
 * ran, "failed:" once it ran; a user's exception with the user's frames only (all of them with
 * {@code --verbose}).
 */
class FailureWordingIT {
    private static final Duration BOUND = Duration.ofSeconds(90);

    @Test
    void aUserExceptionPrintsTheOneLineCauseAndOnlyTheUsersFrames() {
        LauncherProcess.Result r = LauncherProcess.spec()
                .args("-cp", LauncherProcess.testClasses(), "io.waxwing.launcher.fixtures.ClusterFlows:failsOnWorker(0)")
                .run(BOUND);
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("waxwing: dataflow 'fixture_fails_on_worker' failed: step"
                + " 'fixture_fails_on_worker.explode' failed: java.lang.IllegalStateException: boom on worker 0"), r::toString);
        assertTrue(r.err().contains("at io.waxwing.launcher.fixtures.ClusterFlows"), r::toString);
        for (String runtime : List.of("at io.waxwing.engine.", "at io.waxwing.launcher.RunCommand", "at picocli.",
                "at io.waxwing.run.")) {
            assertFalse(r.err().contains(runtime), () -> "the launcher's own frames (" + runtime + ") printed:\n" + r);
        }
    }

    @Test
    void verboseAddsTheRuntimesFrames() {
        LauncherProcess.Result r = LauncherProcess.spec()
                .args("--verbose", "-cp", LauncherProcess.testClasses(),
                        "io.waxwing.launcher.fixtures.ClusterFlows:failsOnWorker(0)")
                .run(BOUND);
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("at io.waxwing.launcher.fixtures.ClusterFlows"), r::toString);
        assertTrue(r.err().contains("at io.waxwing.engine."), r::toString);
    }

    @Test
    void aDataflowRefusedBeforeItRunsCannotRun() {
        LauncherProcess.Result r = LauncherProcess.spec()
                .args("-cp", LauncherProcess.testClasses(), "io.waxwing.launcher.fixtures.FailureFlows:noOutput")
                .run(BOUND);
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("waxwing: dataflow 'fixture_no_output' cannot run: "), r::toString);
    }

    @Test
    void aPeerLostMidRunIsAFailureNotARefusal() throws IOException {
        String a0 = "127.0.0.1:" + freePort();
        String a1 = "127.0.0.1:" + freePort();
        String flow = "io.waxwing.launcher.fixtures.ExchangeFlows:undecodable(\"plain\")";
        List<Object> common = List.of("-cp", LauncherProcess.testClasses(), "-a", a0, "-a", a1);
        try (LauncherProcess p0 = LauncherProcess.spec().args(common.toArray()).args("-i", 0, flow).start();
                LauncherProcess p1 = LauncherProcess.spec().args(common.toArray()).args("-i", 1, flow).start()) {
            p0.awaitStdoutCount(line -> line.startsWith("got "), 20, BOUND);
            p1.kill();
            LauncherProcess.Result r0 = p0.await(Duration.ofSeconds(60));
            assertEquals(1, r0.exitCode(), r0::toString);
            assertTrue(r0.err().contains("waxwing: dataflow 'fixture_undecodable' failed: lost process 1"), r0::toString);
            assertFalse(r0.err().contains("cannot run"), r0::toString);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
