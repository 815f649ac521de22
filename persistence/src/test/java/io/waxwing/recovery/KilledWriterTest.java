package io.waxwing.recovery;

import com.typesafe.config.ConfigFactory;
import io.waxwing.recovery.internal.PartitionedStore;
import io.waxwing.engine.recovery.KeyFilter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a store acknowledged survives its process being killed; what it did not commit is void. */
class KilledWriterTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void acknowledgedWritesSurviveAKilledProcess() throws Exception {
        Path dir = tmp.resolve("db");
        Recovery.initDbDir(dir, 3);
        Path log = tmp.resolve("writer.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StoreWriterMain.class.getName(), dir.toString())
                .redirectError(log.toFile())
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals("stored 6"));
            assertEquals("stored 6", line, () -> "the writer ended early: " + read(log));
        } finally {
            writer.destroyForcibly();
            writer.waitFor();
        }
        try (PartitionedStore store = PartitionedStore.open(new RecoveryConfig(dir), ConfigFactory.load(), null)) {
            assertEquals(5, store.committedEpoch());
            Map<String, Object> expected = new HashMap<>();
            expected.put("a", 5L);
            for (int e = 1; e <= 5; e++) {
                expected.put("b" + e, "x");
            }
            Map<String, Object> state = store.loadState("s", KeyFilter.all());
            assertEquals(expected, state);
            assertTrue(!state.containsKey("b6"), "the uncommitted epoch 6 is void");
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
