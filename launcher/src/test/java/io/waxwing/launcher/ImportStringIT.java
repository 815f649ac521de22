package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every import-string form of SPEC §6, and every way of getting one wrong, through the real jar. */
class ImportStringIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String FIXTURES = "io.waxwing.launcher.fixtures.";

    @TempDir
    Path dir;

    private static LauncherProcess.Result run(Object... args) {
        return LauncherProcess.spec().args("-cp", LauncherProcess.testClasses()).args(args).run(TIMEOUT);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Flows                                   | field-1",
        "MethodFlow                              | flow-method-1",
        "Flows:flow                              | field-1",
        "Flows:byMethod                          | method-1",
        "Flows:hidden                            | hidden-1",
        "'Flows:create(\"run\", 3, 2.5, true)'   | RUN 7.5",
        "Flows:create(\"single\")                | single-3",
        "MethodFlow.Nested                       | nested-2"})
    void everyClassFormRunsTheDataflow(String importString, String expectedLine) {
        LauncherProcess.Result r = run(FIXTURES + importString.replace("'", ""));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains(expectedLine), r::toString);
    }

    @Test
    void classpathComesFromTheEnvironmentToo() {
        LauncherProcess.Result r = LauncherProcess.spec()
                .env("WAXWING_CLASSPATH", "/nonexistent-is-not-used-when-cp-given" + File.pathSeparator
                        + LauncherProcess.testClasses())
                .args(FIXTURES + "Flows:byMethod").run(TIMEOUT);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("WAXWING_CLASSPATH entry '/nonexistent-is-not-used-when-cp-given' does not exist"),
                r::toString);

        r = LauncherProcess.spec().env("WAXWING_CLASSPATH", LauncherProcess.testClasses().toString())
                .args(FIXTURES + "Flows:byMethod").run(TIMEOUT);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("method-1", "method-2", "method-3"), r.stdout());
    }

    @Test
    void userClassesLoadFromAJar() throws IOException {
        Path jar = dir.resolve("flows.jar");
        Path classes = LauncherProcess.testClasses();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes.resolve("io/waxwing/launcher/fixtures"))) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        LauncherProcess.Result r = LauncherProcess.spec().args("--classpath", jar, FIXTURES + "Flows:byMethod")
                .run(TIMEOUT);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("method-1", "method-2", "method-3"), r.stdout());

        r = LauncherProcess.spec().args("-cp", dir + "/*", FIXTURES + "Flows").run(TIMEOUT);
        assertEquals(0, r.exitCode(), r::toString);
    }

    @Test
    void aSourceFileIsCompiledAndRun() throws IOException {
        Path src = Files.writeString(dir.resolve("Hello.java"), """
                import io.waxwing.dataflow.Dataflow;
                import io.waxwing.outputs.DynamicSink;
                import io.waxwing.testing.TestingSource;
                import java.util.List;

                public class Hello {
                    public static Dataflow flow = greet("world");

                    public static Dataflow greet(String who) {
                        Dataflow f = new Dataflow("hello");
                        DynamicSink<String> out = (s, w, n) -> b -> b.forEach(System.out::println);
                        f.input("inp", new TestingSource<String>(List.of(who))).map("greet", x -> "hello " + x)
                                .output("out", out);
                        return f;
                    }
                }
                """);
        LauncherProcess.Result r = LauncherProcess.spec().args(src).run(TIMEOUT);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("hello world"), r.stdout());

        r = LauncherProcess.spec().args(src + ":greet(\"you\")").run(TIMEOUT);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("hello you"), r.stdout());
    }

    @Test
    void aSourceFileSeesTheUserClasspath() throws IOException {
        Path src = Files.writeString(dir.resolve("Reuse.java"), """
                import io.waxwing.dataflow.Dataflow;
                public class Reuse {
                    public static Dataflow flow() {
                        return io.waxwing.launcher.fixtures.Flows.byMethod();
                    }
                }
                """);
        LauncherProcess.Result r = run(src);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("method-1", "method-2", "method-3"), r.stdout());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "com.acme.Missing                                 | class com.acme.Missing not found",
        "io.waxwing.launcher.fixtures.NoFlow              | no static field or no-argument static method named 'flow'",
        "io.waxwing.launcher.fixtures.Flows:nope          | no field or method named 'nope'",
        "io.waxwing.launcher.fixtures.Flows:broken        | Flows:broken threw java.lang.IllegalStateException: no flow today",
        "io.waxwing.launcher.fixtures.Flows:notAFlow      | is a java.lang.String, not an io.waxwing.dataflow.Dataflow",
        "io.waxwing.launcher.fixtures.Flows:nothing       | is null",
        "io.waxwing.launcher.fixtures.Flows:create(1,     | cannot parse the argument list",
        "io.waxwing.launcher.fixtures.Flows:create(1, 2)  | accepts create(1, 2)",
        "io.waxwing.launcher.fixtures.BadInit             | initialising class io.waxwing.launcher.fixtures.BadInit failed",
        "Missing.java                                     | source file 'Missing.java' not found",
        "not/a/Class                                      | is neither a class name"})
    void locationFailuresAreOneClearLineWithExitCodeTwo(String importString, String expected) {
        LauncherProcess.Result r = run(importString);
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals(1, r.stderr().size(), r::toString);
        assertTrue(r.err().startsWith("waxwing: "), r::toString);
        assertTrue(r.err().contains(expected), r::toString);
        assertFalse(r.err().contains("\tat "), r::toString);
        assertEquals(List.of(), r.stdout());
    }

    @Test
    void compileErrorsShowJavacsMessageThenOneSummaryLine() throws IOException {
        Path src = Files.writeString(dir.resolve("Oops.java"), "public class Oops { int x = \"text\"; }\n");
        LauncherProcess.Result r = run(src);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains(src + ":1: error: "), r::toString);
        assertTrue(r.stderr().get(r.stderr().size() - 1).contains("cannot compile '" + src + "': 1 error"),
                r::toString);
        assertFalse(r.err().contains("\tat "), r::toString);
    }
}
