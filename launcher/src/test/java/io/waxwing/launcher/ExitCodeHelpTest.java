package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every exit code a process can end with is listed, from the one table in {@link ExitCode}, by --help and the README. */
class ExitCodeHelpTest {

    @Test
    void helpListsEveryExitCodeWithItsMeaning() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Launcher.run(new String[] {"--help"}, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), RuntimePreload.none());
        assertEquals(0, code);
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("Exit codes:"), help);
        for (ExitCode.Meaning m : ExitCode.ALL) {
            // Wrapped by the help's width or not, the line starts with the code and the meaning's first words.
            String start = String.format("%3d  %s", m.code(), m.meaning().substring(0, 20));
            assertTrue(help.contains(start), () -> "--help lacks exit code " + m.code() + ":\n" + help);
        }
        assertEquals(6, ExitCode.ALL.size(), "a new exit code needs a line in the README's table too");
    }

    @Test
    void readmeListsEveryExitCode() throws Exception {
        String readme = Files.readString(LauncherProcess.repoRoot().resolve("README.md"));
        for (ExitCode.Meaning m : ExitCode.ALL) {
            assertTrue(readme.contains("| " + m.code() + " |"), () -> "README.md has no row for exit code " + m.code());
        }
    }

    @Test
    void codesAreDistinct() {
        assertEquals(ExitCode.ALL.size(), ExitCode.ALL.stream().mapToInt(ExitCode.Meaning::code).distinct().count());
    }
}
