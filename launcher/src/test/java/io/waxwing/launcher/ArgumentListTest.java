package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgumentListTest {

    @Test
    void parsesEveryLiteralKind() {
        assertEquals(List.of("a b", BigInteger.valueOf(12), new BigDecimal("-0.5"), new BigDecimal("1e3"), false,
                BigInteger.valueOf(4)), ArgumentList.parse(" \"a b\" ,12,-0.5, 1e3 ,false, +4 "));
    }

    @Test
    void stringsKeepEscapesAndOtherQuotes() {
        assertEquals(List.of("say \"hi\"\n", "it's", "a\\b"),
                ArgumentList.parse("\"say \\\"hi\\\"\\n\", \"it's\", 'a\\\\b'"));
    }

    @Test
    void hugeIntegersStayExact() {
        assertEquals(List.of(new BigInteger("123456789012345678901234567890")),
                ArgumentList.parse("123456789012345678901234567890"));
    }

    @Test
    void formatWritesLiteralsBackAsTheyAreTyped() {
        assertEquals("\"x\\\"y\", 3, 2.5, true", ArgumentList.format(ArgumentList.parse("'x\"y', 3, 2.5, true")));
    }

    @Test
    void unknownEscapesAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> ArgumentList.parse("\"\\q\""));
    }
}
