package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logs go to stderr by conf/logback.xml (bundled), or wherever the user's own file says. */
class LoggingIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String TICKS = "io.waxwing.launcher.fixtures.Flows:ticks";

    @TempDir
    Path dir;

    @Test
    void bundledConfigurationLogsToStderrFromAnyDirectory() {
        try (LauncherProcess p = LauncherProcess.spec().cwd(dir)
                .args("-cp", LauncherProcess.testClasses(), "-w", "2", TICKS).start()) {
            p.awaitStdoutCount(line -> line.startsWith("tick "), 5, Duration.ofSeconds(30));
            p.signal("TERM");
            LauncherProcess.Result r = p.await(Duration.ofSeconds(30));
            assertEquals(143, r.exitCode(), r::toString);
            assertTrue(r.stdout().stream().allMatch(l -> l.startsWith("tick ")), r::toString);
            assertTrue(r.stderr().stream().anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO .*")),
                    r::toString);
            assertFalse(r.err().contains("SLF4J"), r::toString);
        }
    }

    @Test
    void userConfigurationFileIsTakenWithTheUsualProperty() throws IOException {
        Path log = dir.resolve("waxwing.log");
        Path config = Files.writeString(dir.resolve("my-logback.xml"), """
                <configuration>
                  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file>
                    <encoder><pattern>MINE %%level %%logger - %%msg%%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="FILE"/></root>
                </configuration>
                """.formatted(log));
        try (LauncherProcess p = LauncherProcess.spec().jvm("-Dlogback.configurationFile=" + config)
                .args("-cp", LauncherProcess.testClasses(), TICKS).start()) {
            p.awaitStdoutCount(line -> line.startsWith("tick "), 5, Duration.ofSeconds(30));
            p.signal("INT");
            LauncherProcess.Result r = p.await(Duration.ofSeconds(30));
            assertEquals(130, r.exitCode(), r::toString);
            assertTrue(r.stderr().stream().noneMatch(l -> l.contains(" INFO ")), r::toString);
        }
        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("MINE INFO io.waxwing")), lines::toString);
    }
}
