package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.dataflow.Dataflow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataflowLocatorTest {
    private static final String FLOWS = "io.waxwing.launcher.fixtures.Flows";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private Dataflow locate(String importString) {
        DataflowLocator locator = new DataflowLocator(UserClassPath.none(), new SourceCompiler(err));
        return locator.locate(ImportString.parse(importString), getClass().getClassLoader()).flow();
    }

    private String failure(String importString) {
        LaunchException e = assertThrows(LaunchException.class, () -> locate(importString));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "io.waxwing.launcher.fixtures.Flows                                  | fixture_field",
        "io.waxwing.launcher.fixtures.Flows:flow                             | fixture_field",
        "io.waxwing.launcher.fixtures.MethodFlow                             | fixture_default_method",
        "io.waxwing.launcher.fixtures.Flows:byMethod                         | fixture_method",
        "io.waxwing.launcher.fixtures.Flows:byMethod()                       | fixture_method",
        "io.waxwing.launcher.fixtures.Flows:hidden                           | fixture_hidden",
        "io.waxwing.launcher.fixtures.Flows:create(\"x\", 3, 2.5, true)      | fixture_factory",
        "io.waxwing.launcher.fixtures.Flows:create('x')                      | fixture_factory_one",
        "io.waxwing.launcher.fixtures.Flows:create(\"x\", 3, 2, false)       | fixture_factory",
        "io.waxwing.launcher.fixtures.Flows:window(\"500ms\")                | fixture_duration",
        "io.waxwing.launcher.fixtures.MethodFlow.Nested                      | fixture_nested",
        "io.waxwing.launcher.fixtures.MethodFlow$Nested:flow                 | fixture_nested"})
    void locatesEveryClassForm(String importString, String flowId) {
        assertEquals(flowId, locate(importString).flowId());
    }

    @Test
    void missingClassNamesTheClass() {
        assertTrue(failure("com.acme.Missing").contains("class com.acme.Missing not found"));
    }

    @Test
    void missingDefaultAttributeNamesFlow() {
        String m = failure("io.waxwing.launcher.fixtures.NoFlow");
        assertTrue(m.contains("no static field or no-argument static method named 'flow'"), m);
        assertTrue(m.contains("io.waxwing.launcher.fixtures.NoFlow"), m);
    }

    @Test
    void missingAttributeNamesIt() {
        assertTrue(failure(FLOWS + ":nope").contains("no field or method named 'nope'"));
        assertTrue(failure(FLOWS + ":nope(1)").contains("no method named 'nope'"));
    }

    @Test
    void methodThatThrowsIsReportedWithItsException() {
        String m = failure(FLOWS + ":broken");
        assertTrue(m.contains(FLOWS + ":broken threw java.lang.IllegalStateException: no flow today"), m);
    }

    @Test
    void valuesThatAreNotDataflowsAreReported() {
        assertTrue(failure(FLOWS + ":notAFlow").contains("is a java.lang.String, not an io.waxwing.dataflow.Dataflow"));
        assertTrue(failure(FLOWS + ":notAFlowMethod").contains("is a java.lang.Integer"));
        assertTrue(failure(FLOWS + ":nothing").contains("is null"));
    }

    @Test
    void instanceMembersAreRefused() {
        assertTrue(failure(FLOWS + ":instanceField").contains("not static"));
        assertTrue(failure(FLOWS + ":instanceMethod").contains("not static"));
    }

    @Test
    void argumentsThatFitNoOverloadListTheCandidates() {
        String m = failure(FLOWS + ":create(1, 2)");
        assertTrue(m.contains("create(1, 2)"), m);
        assertTrue(m.contains("create(String, int, double, boolean)"), m);
        assertTrue(failure(FLOWS + ":window(\"soon\")").contains("window(\"soon\")"));
    }

    @Test
    void methodNeedingArgumentsWithoutThemSaysHowToGiveThem() {
        assertTrue(failure(FLOWS + ":needsArguments").contains("takes arguments (needsArguments(String, int))"));
    }

    @Test
    void failingStaticInitialiserIsReported() {
        String m = failure("io.waxwing.launcher.fixtures.BadInit");
        assertTrue(m.contains("initialising class io.waxwing.launcher.fixtures.BadInit failed"), m);
        assertTrue(m.contains("cannot initialise"), m);
    }

    @Test
    void compilesASourceFileAndLocatesItsFirstClass() throws IOException {
        Path src = Files.writeString(dir.resolve("Inline.java"), """
                import io.waxwing.dataflow.Dataflow;
                import io.waxwing.testing.TestingSource;
                import io.waxwing.outputs.DynamicSink;
                import java.util.List;

                class Inline {
                    static Dataflow flow = build("inline_default");

                    static Dataflow named(String id, int n) {
                        return build(id + n);
                    }

                    static Dataflow build(String id) {
                        Dataflow f = new Dataflow(id);
                        DynamicSink<Integer> out = (s, w, c) -> b -> { };
                        f.input("inp", new TestingSource<Integer>(List.of(1))).output("out", out);
                        return f;
                    }
                }

                class Helper {
                }
                """);
        assertEquals("inline_default", locate(src.toString()).flowId());
        assertEquals("inline_x7", locate(src + ":named(\"inline_x\", 7)").flowId());
    }

    @Test
    void sourceFileClassesLiveInTheirOwnLoader() throws IOException {
        Path src = Files.writeString(dir.resolve("Own.java"), """
                package demo;
                import io.waxwing.dataflow.Dataflow;
                import io.waxwing.testing.TestingSource;
                public class Own {
                    public static Dataflow flow() {
                        Dataflow f = new Dataflow("own");
                        f.input("inp", new TestingSource<Integer>(java.util.List.of(1))).inspect("see");
                        return f;
                    }
                }
                """);
        DataflowLocator.Located located = new DataflowLocator(UserClassPath.none(), new SourceCompiler(err))
                .locate(ImportString.parse(src.toString()), getClass().getClassLoader());
        assertEquals("own", located.flow().flowId());
        assertNotSame(getClass().getClassLoader(), located.loader());
    }

    @Test
    void compileErrorsArePrintedThenReportedInOneLine() throws IOException {
        Path src = Files.writeString(dir.resolve("Broken.java"), "class Broken { int x = \"no\"; }\n");
        String m = failure(src.toString());
        assertTrue(m.contains("cannot compile '" + src + "': 1 error"), m);
        String printed = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains(src + ":1: error: "), printed);
    }

    @Test
    void missingSourceFileIsNamed() {
        assertTrue(failure(dir.resolve("Nowhere.java").toString()).contains("source file '"));
    }
}
