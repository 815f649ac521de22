package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * In the shaded {@code launcher.jar}, every library's {@code reference.conf} is one file; Waxwing's
 * settings for Pekko must still win over Pekko's defaults there, and the user's must still win over
 * Waxwing's.
 */
@Timeout(120)
class ShadedSettingsIT {

    private static List<String> settings(List<String> jvmOptions, String... paths) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", LauncherProcess.jar() + java.io.File.pathSeparator + LauncherProcess.testClasses(),
                "io.waxwing.launcher.fixtures.PrintSettings"));
        cmd.addAll(List.of(paths));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "PrintSettings did not finish");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            return out.lines().toList();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void waxwingsPekkoSettingsWinOverPekkosDefaultsInTheShadedJar() throws Exception {
        assertEquals(List.of(
                "pekko.cluster.seed-node-timeout=1s",
                "pekko.remote.artery.advanced.maximum-frame-size=4 MiB",
                "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook=off",
                "pekko.cluster.jmx.enabled=off",
                "pekko.actor.allow-java-serialization=off",
                "waxwing.cluster.formation-timeout=5m"),
                settings(List.of(), "pekko.cluster.seed-node-timeout", "pekko.remote.artery.advanced.maximum-frame-size",
                        "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "pekko.cluster.jmx.enabled",
                        "pekko.actor.allow-java-serialization", "waxwing.cluster.formation-timeout"));
    }

    @Test
    void theUsersSettingsWinOverWaxwings() throws Exception {
        assertEquals(List.of("pekko.cluster.seed-node-timeout=3s"),
                settings(List.of("-Dpekko.cluster.seed-node-timeout=3s"), "pekko.cluster.seed-node-timeout"));
    }
}
