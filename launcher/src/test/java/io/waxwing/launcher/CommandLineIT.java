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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Options, environment defaults, help, version and exit codes, through the real jar. */
class CommandLineIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String FLOWS = "io.waxwing.launcher.fixtures.Flows";

    @TempDir
    Path dir;

    private static LauncherProcess.Spec withFixtures() {
        return LauncherProcess.spec().args("-cp", LauncherProcess.testClasses());
    }

    @Test
    void helpDocumentsEveryOptionWithItsEnvironmentVariable() {
        LauncherProcess.Result r = LauncherProcess.spec().args("--help").run(TIMEOUT);
        assertEquals(0, r.exitCode(), r::toString);
        String help = r.out();
        for (String option : List.of("--workers-per-process", "--process-id", "--addresses", "--epoch-interval",
                "--recovery-dir", "--backup-interval", "--classpath", "-cp", "--version", "--help")) {
            assertTrue(help.contains(option), () -> "missing " + option + "\n" + help);
        }
        for (String variable : List.of("WAXWING_WORKERS_PER_PROCESS", "WAXWING_PROCESS_ID", "WAXWING_ADDRESSES",
                "WAXWING_EPOCH_INTERVAL", "WAXWING_RECOVERY_DIR", "WAXWING_BACKUP_INTERVAL", "WAXWING_CLASSPATH",
                "WAXWING_POD_NAME", "WAXWING_STATEFULSET_NAME", "WAXWING_HOSTFILE_PATH")) {
            assertTrue(help.contains(variable), () -> "missing " + variable + "\n" + help);
        }
        assertTrue(help.contains("Default: 10s."), help);
        assertTrue(help.contains("Default: 0s."), help);
        assertTrue(help.contains("Default: 1."), help);
    }

    @Test
    void versionPrintsTheProjectVersion() {
        LauncherProcess.Result r = LauncherProcess.spec().args("--version").run(TIMEOUT);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().get(0).matches("Waxwing \\d+\\.\\d+\\.\\d+.*"), r::toString);
    }

    @Test
    void completedDataflowExitsZeroWithOutputOnStdoutOnly() {
        LauncherProcess.Result r = withFixtures().args("-w", "2", "--epoch-interval", "0", FLOWS).run(TIMEOUT);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("field-1", "field-2", "field-3"), r.stdout().stream().sorted().toList());
    }

    @Test
    void environmentDefaultsAreUsedAndOptionsOverrideThem() {
        LauncherProcess.Result r = withFixtures().env("WAXWING_WORKERS_PER_PROCESS", "0").args(FLOWS).run(TIMEOUT);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("WAXWING_WORKERS_PER_PROCESS must be at least 1"), r::toString);

        r = withFixtures().env("WAXWING_WORKERS_PER_PROCESS", "0").args("-w", "2", FLOWS).run(TIMEOUT);
        assertEquals(0, r.exitCode(), r::toString);

        r = withFixtures().env("WAXWING_EPOCH_INTERVAL", "eventually").args(FLOWS).run(TIMEOUT);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("WAXWING_EPOCH_INTERVAL"), r::toString);

        r = withFixtures().env("WAXWING_EPOCH_INTERVAL", "eventually").args("--epoch-interval", "PT1S", FLOWS)
                .run(TIMEOUT);
        assertEquals(0, r.exitCode(), r::toString);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--bogus                                | Unknown option: '--bogus'",
        "-w x                                   | 'x' is not an int",
        "--epoch-interval 10                    | '10' is not a duration",
        "--epoch-interval 5 parsecs             | '5' is not a duration",
        "--backup-interval -1s                  | not a duration",
        "-i 0                                   | no addresses were given",
        "-i 3 -a a:1 -a b:1                     | outside the address list",
        "-a a:1;b:1                             | no process id was given",
        "-a host-without-port                   | is not a HOST:PORT address",
        "-cp /no/such/dir                       | --classpath entry '/no/such/dir' does not exist"})
    void optionErrorsExitTwo(String options, String expected) {
        LauncherProcess.Result r = withFixtures().args((Object[]) options.strip().split(" +")).args(FLOWS)
                .run(TIMEOUT);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("waxwing: "), r::toString);
        if (expected != null) {
            assertTrue(r.err().contains(expected), r::toString);
        }
        assertFalse(r.err().contains("\tat "), r::toString);
        assertEquals(List.of(), r.stdout());
    }

    @Test
    void missingImportStringIsAUsageError() {
        LauncherProcess.Result r = LauncherProcess.spec().run(TIMEOUT);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("IMPORT_STR"), r::toString);
    }

    @Test
    void kubernetesPodOrdinalAndHostfileResolveTheProcess() throws IOException {
        Path hosts = Files.writeString(dir.resolve("hosts"), "wax-0.wax:9999\nwax-1.wax:9999\n");
        LauncherProcess.Result r = withFixtures().env("WAXWING_POD_NAME", "wax-5").env("WAXWING_STATEFULSET_NAME",
                "wax").env("WAXWING_HOSTFILE_PATH", hosts.toString()).args(FLOWS).run(TIMEOUT);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("WAXWING_POD_NAME='wax-5'") && r.err().contains("process id 5")
                && r.err().contains("2 processes"), r::toString);

        r = withFixtures().env("WAXWING_POD_NAME", "other-0").env("WAXWING_STATEFULSET_NAME", "wax")
                .env("WAXWING_HOSTFILE_PATH", hosts.toString()).args(FLOWS).run(TIMEOUT);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("is not a pod of statefulset"), r::toString);
    }

    @Test
    void failingDataflowExitsOneWithStepIdAndUserException() {
        LauncherProcess.Result r = withFixtures().args(FLOWS + ":failing").run(TIMEOUT);
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("fixture_failing.explode"), r::toString);
        assertTrue(r.err().contains("java.lang.IllegalStateException: boom on item 2"), r::toString);
        assertTrue(r.err().contains("\tat io.waxwing.launcher.fixtures.Flows"), r::toString);
        assertTrue(r.stdout().contains("ok 1"), r::toString);
        assertFalse(r.stdout().contains("ok 3"), r::toString);
    }

    @Test
    void failingDataflowOnTwoWorkersExitsOne() {
        LauncherProcess.Result r = withFixtures().args("-w", "2", FLOWS + ":failing").run(TIMEOUT);
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("fixture_failing.explode"), r::toString);
        assertTrue(r.err().contains("boom on item 2"), r::toString);
    }

    @Test
    void recoveryCommandsHaveTheirOwnGroup() {
        LauncherProcess.Result r = LauncherProcess.spec().args("recovery", "--help").run(TIMEOUT);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("recovery"), r::toString);

        r = LauncherProcess.spec().args("recovery", "frobnicate").run(TIMEOUT);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("unknown recovery command 'frobnicate'"), r::toString);
    }

    @Test
    void recoveryInitCreatesTheStoreOnceAndRunsResumeFromIt() {
        Path db = dir.resolve("db");
        LauncherProcess.Result r = LauncherProcess.spec().args("recovery", "init", db, "2").run(TIMEOUT);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("created 2 recovery partitions in " + db), r.stdout());
        assertTrue(Files.isDirectory(db), r::toString);

        r = LauncherProcess.spec().args("recovery", "init", db, "2").run(TIMEOUT);
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("cannot initialise a recovery store in " + db), r::toString);
        assertTrue(r.err().contains("already holds recovery partitions"), r::toString);

        r = withFixtures().args("--recovery-dir", db, "--epoch-interval", "0", FLOWS).run(TIMEOUT);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("field-1", "field-2", "field-3"), r.stdout());
        // Everything was committed: a second run resumes after the end of the input.
        r = withFixtures().env("WAXWING_RECOVERY_DIR", db.toString()).args("--epoch-interval", "0", FLOWS)
                .run(TIMEOUT);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of(), r.stdout(), r::toString);
    }

    @Test
    void recoveryDirWithoutPartitionsFailsNamingTheInitCommand() {
        LauncherProcess.Result r = withFixtures().args("--recovery-dir", dir.resolve("none"), FLOWS).run(TIMEOUT);
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("recovery init"), r::toString);
        assertFalse(r.err().contains("\tat "), r::toString);
    }
}
