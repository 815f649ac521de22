package io.waxwing.recovery;

import io.waxwing.engine.recovery.KeyFilter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.engine.recovery.SnapshotEntry;
import io.waxwing.recovery.internal.PartitionedStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Resuming a large state: one million keys stored by four workers, committed, then reopened and loaded. */
class MillionKeysTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void resumesOneMillionKeys(StoreBackend backend) throws Exception {
        backend.assumeAvailable();
        Path dir = tmp.resolve("db");
        int keys = 1_000_000;
        int workers = 4;
        PartitionedStore.init(dir, 4, backend.config());
        RecoveryConfig recovery = new RecoveryConfig(dir, Duration.ZERO);
        long t0 = System.nanoTime();
        try (PartitionedStore store = PartitionedStore.open(recovery, backend.config(), null)) {
            for (int w = 0; w < workers; w++) {
                List<SnapshotEntry> entries = new ArrayList<>(keys / workers);
                for (int i = w; i < keys; i += workers) {
                    entries.add(new SnapshotEntry("count", "key-" + i, (long) i));
                }
                store.store(w, 1, entries);
            }
            store.commit(1);
        }
        long stored = System.nanoTime() - t0;
        long t1 = System.nanoTime();
        long opened;
        Map<String, Object> state;
        try (PartitionedStore store = PartitionedStore.open(recovery, backend.config(), null)) {
            opened = System.nanoTime() - t1;
            state = store.loadState("count", KeyFilter.all());
            assertEquals(1, store.committedEpoch());
        }
        long resumed = System.nanoTime() - t1;
        assertEquals(keys, state.size());
        // The goal is under 10 s; it takes 1-2 s on a laptop-class machine. The bound leaves room
        // for a loaded CI machine while still catching a resume that went quadratic.
        assertTrue(resumed < TimeUnit.SECONDS.toNanos(30), "resume took " + resumed / 1e9 + " s");
        assertEquals(123_456L, state.get("key-123456"));
        String size = backend == StoreBackend.H2
                ? String.format("%.1f MiB on disk", TestFiles.size(dir) / 1048576.0) : "in PostgreSQL";
        System.out.printf("1M keys (%s): store+commit %.2f s, reopen+load %.2f s (open %.2f s), %s%n",
                backend, stored / 1e9, resumed / 1e9, opened / 1e9, size);
    }
}
