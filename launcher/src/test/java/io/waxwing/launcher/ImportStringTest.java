package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImportStringTest {

    @Test
    void classAloneMeansTheDefaultFlowAttribute() {
        ImportString s = ImportString.parse("com.acme.Flows");
        assertEquals("com.acme.Flows", s.target());
        assertFalse(s.sourceFile());
        assertNull(s.attribute());
        assertEquals("flow", s.attributeOrDefault());
        assertFalse(s.hasArguments());
    }

    @Test
    void classColonNameIsAFieldOrNoArgumentMethod() {
        ImportString s = ImportString.parse("com.acme.Flows:myFlow");
        assertEquals("com.acme.Flows", s.target());
        assertEquals("myFlow", s.attribute());
        assertFalse(s.hasArguments());
    }

    @Test
    void factoryArgumentsAreParsedAsLiterals() {
        ImportString s = ImportString.parse("com.acme.Flows:create(\"out.txt\", 3, 2.5, true, 'x', -7)");
        assertEquals("create", s.attribute());
        assertEquals(List.of("out.txt", BigInteger.valueOf(3), new BigDecimal("2.5"), true, "x",
                BigInteger.valueOf(-7)), s.arguments());
    }

    @Test
    void emptyParenthesesCallAMethodWithoutArguments() {
        ImportString s = ImportString.parse("com.acme.Flows:make()");
        assertTrue(s.hasArguments());
        assertEquals(List.of(), s.arguments());
    }

    @Test
    void javaPathIsASourceFileWithOptionalAttribute() {
        ImportString plain = ImportString.parse("examples/WordCount.java");
        assertTrue(plain.sourceFile());
        assertEquals("examples/WordCount.java", plain.target());
        assertNull(plain.attribute());

        ImportString factory = ImportString.parse("dir/My Flow.java:count(\"a:b.java\")");
        assertTrue(factory.sourceFile());
        assertEquals("dir/My Flow.java", factory.target());
        assertEquals("count", factory.attribute());
        assertEquals(List.of("a:b.java"), factory.arguments());
    }

    @Test
    void stringArgumentsMayMentionJavaFilesWithoutBecomingPaths() {
        ImportString s = ImportString.parse("com.acme.Flows:create(\"Other.java:x\")");
        assertFalse(s.sourceFile());
        assertEquals("com.acme.Flows", s.target());
        assertEquals(List.of("Other.java:x"), s.arguments());
    }

    @Test
    void nestedClassNamesAreAccepted() {
        assertEquals("com.acme.Outer$Inner", ImportString.parse("com.acme.Outer$Inner").target());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "com/acme/Flows", "com.acme.Flows:", "com.acme.Flows:a:b", "com.acme.Flows:1x",
        "com.acme.Flows:create(", "com.acme.Flows:create(\"x)", "com.acme.Flows:create(1,)",
        "com.acme.Flows:create(1 2)", "com.acme.Flows:create(nope)", "com.acme.Flows:create(1.2.3)",
        "com..Flows"})
    void malformedImportStringsAreOneLineUsageErrors(String text) {
        LaunchException e = assertThrows(LaunchException.class, () -> ImportString.parse(text));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void argumentErrorsSayWhatDoesNotParse() {
        LaunchException e = assertThrows(LaunchException.class,
                () -> ImportString.parse("com.acme.Flows:create(\"a\", oops)"));
        assertTrue(e.getMessage().contains("argument list"), e.getMessage());
        assertTrue(e.getMessage().contains("create"), e.getMessage());
    }
}
