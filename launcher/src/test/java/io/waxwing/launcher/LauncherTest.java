package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line in-process, for everything that ends before a dataflow runs. */
class LauncherTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return Launcher.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), RuntimePreload.none());
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryOptionWithItsEnvironmentVariableAndDefault() {
        assertEquals(0, run(Map.of(), "--help"));
        String help = out();
        for (String s : new String[] {"-w, --workers-per-process=N", "WAXWING_WORKERS_PER_PROCESS", "Default: 1.",
            "-i, --process-id=N", "WAXWING_PROCESS_ID", "-a, --addresses=HOST:PORT", "WAXWING_ADDRESSES",
            "WAXWING_HOSTFILE_PATH", "--epoch-interval=DURATION", "WAXWING_EPOCH_INTERVAL", "Default: 10s.",
            "--recovery-dir=DIR", "WAXWING_RECOVERY_DIR", "--backup-interval=DURATION", "WAXWING_BACKUP_INTERVAL",
            "Default: 0s.", "-cp, --classpath=PATHS", "WAXWING_CLASSPATH", "WAXWING_POD_NAME",
            "WAXWING_STATEFULSET_NAME", "IMPORT_STR", "recovery", "-V, --version", "130", "143"}) {
            assertTrue(help.contains(s), "--help lacks " + s + ":\n" + help);
        }
    }

    @Test
    void versionPrintsTheBuildVersion() {
        assertEquals(0, run(Map.of(), "--version"));
        assertTrue(out().startsWith("Waxwing " + VersionProvider.version()), out());
        assertTrue(VersionProvider.version().matches("\\d+\\.\\d+\\.\\d+.*"), VersionProvider.version());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--nope x.Y", "-w 0 x.Y", "-w two x.Y", "--epoch-interval 5x x.Y",
        "--backup-interval -1s x.Y", "-i 0 x.Y", "-i 2 -a a:1 -a b:1 x.Y", "-a a:1 -a b:1 x.Y", "-a nohost x.Y",
        "x.Y extra", "-cp /does/not/exist x.Y", "recovery", "recovery frobnicate", "recovery init",
        "recovery init /tmp/r", "recovery init /tmp/r 0", "recovery init /tmp/r two", "recovery init /tmp/r 2 3",
        "com.acme.Missing", "bad/Name", "x.Y:create(1,"})
    void badCommandLinesExitWithTwo(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        assertEquals(2, run(Map.of(), args), err());
        assertTrue(err().startsWith("waxwing: "), err());
    }

    @Test
    void environmentErrorsNameTheVariable() {
        assertEquals(2, run(Map.of("WAXWING_WORKERS_PER_PROCESS", "many"), "x.Y"));
        assertTrue(err().contains("WAXWING_WORKERS_PER_PROCESS='many'"), err());
    }

    @Test
    void environmentDurationErrorsNameTheVariable() {
        assertEquals(2, run(Map.of("WAXWING_EPOCH_INTERVAL", "soon"), "x.Y"));
        assertTrue(err().contains("WAXWING_EPOCH_INTERVAL"), err());
    }

    @Test
    void locationFailuresAreOneLine() {
        assertEquals(2, run(Map.of(), "io.waxwing.launcher.fixtures.NoFlow"));
        assertEquals(1, err().strip().lines().count(), err());
        assertTrue(err().contains("'flow'"), err());
    }
}
