package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationParserTest {

    @ParameterizedTest
    @CsvSource({"500ms,PT0.5S", "10s,PT10S", "2m,PT2M", "1h,PT1H", "1d,PT24H", "0,PT0S", "0s,PT0S", "PT5S,PT5S",
        "pt1m30s,PT1M30S", " 3s ,PT3S", "10S,PT10S"})
    void readsUnitsZeroAndIso8601(String text, String expected) {
        assertEquals(Duration.parse(expected), DurationParser.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "5x", "-5s", "1.5s", "s", "PT-5S", "P", "ten seconds", "99999999999999999999s"})
    void refusesEverythingElseNamingTheForms(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationParser.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }
}
