package io.waxwing.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static KafkaSourceMessage value(String json) {
        return new KafkaSourceMessage(null, json == null ? null : json.getBytes(StandardCharsets.UTF_8), "t", 2, 7,
                -1, null);
    }

    @Test
    void parsesObjectsArraysStringsNumbersAndLiterals() {
        Object v = value(" {\"a\": [1, -2.5e1, \"s\\n\\u00e9\"], \"b\": {\"c\": null, \"d\": false}, \"e\": 12345678901234} ")
                .valueJson();
        Map<String, Object> inner = new java.util.LinkedHashMap<>();
        inner.put("c", null);
        inner.put("d", false);
        assertEquals(Map.of("a", List.of(1L, -25.0, "s\né"), "b", inner, "e", 12345678901234L), v);
    }

    @Test
    void nullValueIsNullJson() {
        assertNull(value(null).valueJson());
    }

    @Test
    void invalidJsonNamesTheRecordAndThePlace() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> value("{\"a\": tru}").valueJson());
        assertTrue(e.getMessage().startsWith("the value of the record at t/2@7 is not JSON: unexpected text at character 6"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> value("[1, 2] x").valueJson());
        assertThrows(IllegalArgumentException.class, () -> value("01").valueJson());
    }
}
