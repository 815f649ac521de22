package io.waxwing.recovery;

import io.waxwing.engine.recovery.KeyFilter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.KeyHash;
import io.waxwing.engine.recovery.SnapshotEntry;
import io.waxwing.recovery.internal.PartitionedStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecoveryStoreTest {

    @TempDir
    Path tmp;

    private static final Duration LONG = Duration.ofHours(1);

    private static void init(StoreBackend backend, Path dir, int parts) {
        if (backend == StoreBackend.H2) {
            Recovery.initDbDir(dir, parts);
        } else {
            PartitionedStore.init(dir, parts, backend.config());
        }
    }

    private static PartitionedStore open(StoreBackend backend, Path dir, Duration backupInterval) {
        return open(backend, dir, backupInterval, backend.config());
    }

    private static PartitionedStore open(StoreBackend backend, Path dir, Duration backupInterval, Config config) {
        return PartitionedStore.open(new RecoveryConfig(dir, backupInterval), config, null);
    }

    private static SnapshotEntry e(String step, String key, Object state) {
        return new SnapshotEntry(step, key, state);
    }

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void resumesFromTheLastCommittedEpochOnly(StoreBackend backend) {
        backend.assumeAvailable();
        Path dir = tmp.resolve("db");
        init(backend, dir, 3);
        try (PartitionedStore store = backend == StoreBackend.H2
                ? PartitionedStore.open(new RecoveryConfig(dir), ConfigFactory.load(), null) : open(backend, dir, Duration.ZERO)) {
            assertEquals(0, store.committedEpoch());
            assertEquals(3, store.partitionCount());
            assertEquals(Map.of(), store.loadState("count", KeyFilter.all()));
            store.store(0, 1, List.of(e("count", "a", 1), e("count", "b", "x")));
            store.store(1, 1, List.of(e("count", "c", List.of(1, 2)), e("input", "part-0", 17L)));
            store.commit(1);
            store.store(0, 2, List.of(e("count", "a", 2), e("count", "d", new KV<>("k", 4))));
            // Epoch 2 never commits: the execution crashed.
        }
        try (PartitionedStore store = open(backend, dir, Duration.ZERO)) {
            assertEquals(1, store.committedEpoch());
            assertEquals(Map.of("a", 1, "b", "x", "c", List.of(1, 2)), store.loadState("count", KeyFilter.all()));
            assertEquals(Map.of("part-0", 17L), store.loadState("input", KeyFilter.all()));
            // The resumed execution writes epoch 2 again, without key d.
            store.store(0, 2, List.of(e("count", "a", 3)));
            store.commit(2);
            store.store(0, 3, List.of(e("count", "e", 5)));
        }
        try (PartitionedStore store = open(backend, dir, Duration.ZERO)) {
            assertEquals(2, store.committedEpoch());
            assertEquals(Map.of("a", 3, "b", "x", "c", List.of(1, 2)), store.loadState("count", KeyFilter.all()));
            // Epoch 3 of the crashed execution is void: a later commit of 3 does not revive key e.
            store.store(0, 3, List.of(e("count", "b", "y")));
            store.commit(3);
        }
        try (PartitionedStore store = open(backend, dir, Duration.ZERO)) {
            assertEquals(3, store.committedEpoch());
            assertEquals(Map.of("a", 3, "b", "y", "c", List.of(1, 2)), store.loadState("count", KeyFilter.all()));
        }
    }

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void tombstonesRemoveKeys(StoreBackend backend) {
        backend.assumeAvailable();
        Path dir = tmp.resolve("db");
        init(backend, dir, 2);
        try (PartitionedStore store = open(backend, dir, Duration.ZERO)) {
            store.store(0, 1, List.of(e("s", "a", 1), e("s", "b", 2)));
            store.commit(1);
            store.store(0, 2, List.of(e("s", "a", null)));
            store.commit(2);
            assertEquals(Map.of("b", 2), store.loadState("s", KeyFilter.all()));
        }
        try (PartitionedStore store = open(backend, dir, Duration.ZERO)) {
            assertEquals(Map.of("b", 2), store.loadState("s", KeyFilter.all()));
            store.commit(3);
            long keys = store.sizes().stream().mapToLong(s -> s[0]).sum();
            assertEquals(1, keys, "once committed everywhere, a tombstone is collected with the versions it hides");
            // A key removed and re-created comes back.
            store.store(0, 4, List.of(e("s", "a", 10)));
            store.commit(4);
        }
        try (PartitionedStore store = open(backend, dir, Duration.ZERO)) {
            assertEquals(Map.of("a", 10, "b", 2), store.loadState("s", KeyFilter.all()));
        }
    }

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void resumesWithADifferentNumberOfWorkersLoadingKeysByFilter(StoreBackend backend) {
        backend.assumeAvailable();
        Path dir = tmp.resolve("db");
        init(backend, dir, 4);
        Map<String, Object> all = new HashMap<>();
        try (PartitionedStore store = open(backend, dir, Duration.ZERO)) {
            // Two workers wrote the state.
            for (int w = 0; w < 2; w++) {
                List<SnapshotEntry> entries = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    String key = "user-" + i;
                    if (KeyHash.route(key, 2) == w) {
                        entries.add(e("sum", key, i * 10L));
                        all.put(key, i * 10L);
                    }
                }
                store.store(w, 1, entries);
            }
            store.commit(1);
        }
        // Three workers resume it: each loads the keys routed to it.
        try (PartitionedStore store = open(backend, dir, Duration.ZERO)) {
            Map<String, Object> union = new HashMap<>();
            for (int w = 0; w < 3; w++) {
                int worker = w;
                Map<String, Object> mine = store.loadState("sum", KeyFilter.ofWorker(worker, 3));
                for (String k : mine.keySet()) {
                    assertEquals(worker, KeyHash.route(k, 3));
                    assertFalse(union.containsKey(k));
                }
                union.putAll(mine);
            }
            assertEquals(all, union);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void writesOneJournalEventPerPartitionPerStoreCall(StoreBackend backend) throws Exception {
        backend.assumeAvailable();
        Path dir = tmp.resolve("db");
        int parts = 4;
        init(backend, dir, parts);
        try (PartitionedStore store = open(backend, dir, Duration.ZERO)) {
            List<SnapshotEntry> entries = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                entries.add(e("s", "k" + i, i));
            }
            store.store(0, 1, entries);
            store.store(1, 1, List.of(e("s", "only-one", 1)));
            store.commit(1);
        }
        long rows = 0;
        for (int p = 0; p < parts; p++) {
            rows += backend.journalRows(dir, p);
        }
        // Per partition: the initialisation event, the start (epoch 0) committed when the store is
        // first opened, one event for the 5000-key call and the commit; one more partition event for
        // the one-key call.
        assertEquals(parts + parts + parts + 1 + parts, rows);
        try (PartitionedStore store = open(backend, dir, Duration.ZERO)) {
            assertEquals(5001, store.loadState("s", KeyFilter.all()).size());
        }
    }

    @Test
    void partitionRestoredFromAnOldBackupIsDetected() throws Exception {
        Path dir = tmp.resolve("db");
        Path backup = tmp.resolve("backup");
        Recovery.initDbDir(dir, 2);
        writeEpochs(dir, Duration.ZERO, 1, 3);
        TestFiles.copyTree(dir.resolve("part-1"), backup);
        writeEpochs(dir, Duration.ZERO, 4, 6);
        TestFiles.deleteTree(dir.resolve("part-1"));
        TestFiles.copyTree(backup, dir.resolve("part-1"));
        InconsistentPartitionsException e = assertThrows(InconsistentPartitionsException.class,
                () -> Recovery.open(new RecoveryConfig(dir)));
        assertTrue(e.getMessage().contains("no epoch common"), e.getMessage());
    }

    @Test
    void opensInAGivenActorSystemAndReopensInIt() {
        Path dir = tmp.resolve("db");
        Recovery.initDbDir(dir, 2);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "shared", ConfigFactory.load());
        try {
            try (PartitionedStore store = PartitionedStore.open(new RecoveryConfig(dir), system.settings().config(), system)) {
                store.store(0, 1, List.of(e("s", "a", "one")));
                store.commit(1);
            }
            try (PartitionedStore store = PartitionedStore.open(new RecoveryConfig(dir), system.settings().config(), system)) {
                assertEquals(1, store.committedEpoch());
                assertEquals(Map.of("a", "one"), store.loadState("s", KeyFilter.all()));
            }
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }

    @Test
    void crashWhileACommitIsRecordedResumesFromThePreviousCommit() throws Exception {
        Path dir = tmp.resolve("db");
        Path before = tmp.resolve("before");
        Recovery.initDbDir(dir, 2);
        writeEpochs(dir, Duration.ZERO, 1, 3);
        TestFiles.copyTree(dir.resolve("part-1"), before);
        writeEpochs(dir, Duration.ZERO, 4, 4);
        // Partition 1 as if the process died after partition 0 had recorded the commit of epoch 4.
        TestFiles.deleteTree(dir.resolve("part-1"));
        TestFiles.copyTree(before, dir.resolve("part-1"));
        try (PartitionedStore store = PartitionedStore.open(new RecoveryConfig(dir), ConfigFactory.load(), null)) {
            assertEquals(3, store.committedEpoch());
            Map<String, Object> state = store.loadState("s", KeyFilter.all());
            assertEquals(20, state.size());
            assertEquals(Set.of(3L), new HashSet<>(state.values()));
        }
    }

    @Test
    void crashWhileTheFirstCommitIsRecordedResumesFromTheStart() throws Exception {
        Path dir = tmp.resolve("db");
        Path fresh = tmp.resolve("fresh");
        Recovery.initDbDir(dir, 2);
        writeEpochs(dir, Duration.ZERO, 1, 0);
        TestFiles.copyTree(dir.resolve("part-1"), fresh);
        writeEpochs(dir, Duration.ZERO, 1, 1);
        // Partition 1 as if the process died after partition 0 had recorded the first commit of an
        // execution: the store must resume from the start, not be refused for good.
        TestFiles.deleteTree(dir.resolve("part-1"));
        TestFiles.copyTree(fresh, dir.resolve("part-1"));
        try (PartitionedStore store = PartitionedStore.open(new RecoveryConfig(dir), ConfigFactory.load(), null)) {
            assertEquals(0, store.committedEpoch());
            assertEquals(Map.of(), store.loadState("s", KeyFilter.all()));
        }
    }

    @Test
    void longBackupIntervalKeepsTheVersionsAnOldBackupNeeds() throws Exception {
        Path dir = tmp.resolve("db");
        Path backup = tmp.resolve("backup");
        Recovery.initDbDir(dir, 2);
        writeEpochs(dir, LONG, 1, 3);
        TestFiles.copyTree(dir.resolve("part-1"), backup);
        writeEpochs(dir, LONG, 4, 6);
        TestFiles.deleteTree(dir.resolve("part-1"));
        TestFiles.copyTree(backup, dir.resolve("part-1"));
        try (PartitionedStore store = PartitionedStore.open(new RecoveryConfig(dir, LONG), ConfigFactory.load(), null)) {
            assertEquals(3, store.committedEpoch());
            Map<String, Object> state = store.loadState("s", KeyFilter.all());
            assertEquals(20, state.size());
            for (Object v : state.values()) {
                assertEquals(3L, v, "every key as of epoch 3, in both partitions");
            }
        }
    }

    /** Writes epochs {@code from..to}, each setting keys k0..k19 to the epoch number, and commits them. */
    private static void writeEpochs(Path dir, Duration backupInterval, long from, long to) {
        try (PartitionedStore store = PartitionedStore.open(new RecoveryConfig(dir, backupInterval), ConfigFactory.load(), null)) {
            for (long epoch = from; epoch <= to; epoch++) {
                List<SnapshotEntry> entries = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    entries.add(e("s", "k" + i, epoch));
                }
                store.store(0, epoch, entries);
                store.commit(epoch);
            }
        }
    }

    @Test
    void freshPartitionBesidePartitionsWithCommitsIsDetected() throws Exception {
        Path dir = tmp.resolve("db");
        Path other = tmp.resolve("other");
        Recovery.initDbDir(dir, 2);
        Recovery.initDbDir(other, 2);
        writeEpochs(dir, Duration.ZERO, 1, 2);
        TestFiles.deleteTree(dir.resolve("part-0"));
        TestFiles.copyTree(other.resolve("part-0"), dir.resolve("part-0"));
        assertThrows(InconsistentPartitionsException.class, () -> Recovery.open(new RecoveryConfig(dir)));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void corruptPartitionFailsAtOnceNamingIt() throws Exception {
        Path dir = tmp.resolve("db");
        Recovery.initDbDir(dir, 2);
        Path file = dir.resolve("part-1").resolve("journal.mv.db");
        Files.write(file, new byte[(int) Files.size(file)]);
        long start = System.nanoTime();
        RecoveryException e = assertThrows(RecoveryException.class, () -> Recovery.open(new RecoveryConfig(dir)));
        assertTrue(e.getMessage().contains("part-1") && e.getMessage().contains("corrupt"), e.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "fails without waiting out open-timeout");
    }

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void deletedPartitionIsReportedMissing(StoreBackend backend) throws Exception {
        backend.assumeAvailable();
        Path dir = tmp.resolve("db");
        init(backend, dir, 3);
        try (PartitionedStore store = open(backend, dir, Duration.ZERO)) {
            store.store(0, 1, List.of(e("s", "a", 1)));
            store.commit(1);
        }
        backend.deletePartition(dir, 1);
        MissingPartitionsException e = assertThrows(MissingPartitionsException.class,
                () -> open(backend, dir, Duration.ZERO));
        assertTrue(e.getMessage().contains("[1]") && e.getMessage().contains("3 partitions"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void directoryWithoutPartitionsNamesTheInitCommand(StoreBackend backend) throws Exception {
        backend.assumeAvailable();
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        NoPartitionsException e = assertThrows(NoPartitionsException.class, () -> open(backend, empty, Duration.ZERO));
        assertTrue(e.getMessage().contains("java -jar launcher/target/launcher.jar recovery init " + empty),
                e.getMessage());
        assertTrue(e.getMessage().contains("Recovery.initDbDir"), e.getMessage());
        assertThrows(NoPartitionsException.class, () -> open(backend, tmp.resolve("does-not-exist"), Duration.ZERO));
    }

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void initRefusesADirectoryThatHoldsPartitions(StoreBackend backend) {
        backend.assumeAvailable();
        Path dir = tmp.resolve("db");
        init(backend, dir, 2);
        RecoveryException e = assertThrows(RecoveryException.class, () -> init(backend, dir, 2));
        assertTrue(e.getMessage().contains("already holds recovery partitions"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Recovery.initDbDir(tmp.resolve("zero"), 0));
    }

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void unencodableStateFailsNamingTypeAndStep(StoreBackend backend) {
        backend.assumeAvailable();
        Path dir = tmp.resolve("db");
        init(backend, dir, 1);
        try (PartitionedStore store = open(backend, dir, Duration.ZERO)) {
            RecoveryException e = assertThrows(RecoveryException.class,
                    () -> store.store(0, 1, List.of(e("windows", "k", new Object()))));
            assertTrue(e.getMessage().contains("'windows'") && e.getMessage().contains("java.lang.Object"),
                    e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void garbageCollectionKeepsTheStoreBoundedOverManyEpochs(StoreBackend backend) throws Exception {
        backend.assumeAvailable();
        Path dir = tmp.resolve("db");
        int parts = 2;
        init(backend, dir, parts);
        Config config = backend.config(Map.of("waxwing.recovery.snapshot-every", 50));
        long[] rowsAt = new long[2];
        long[] bytesAt = new long[2];
        for (int round = 0; round < 2; round++) {
            try (PartitionedStore store = open(backend, dir, Duration.ZERO, config)) {
                for (int epoch = round * 300 + 1; epoch <= (round + 1) * 300; epoch++) {
                    List<SnapshotEntry> entries = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        entries.add(e("s", "k" + i, "value of epoch " + epoch + " ".repeat(50)));
                    }
                    store.store(0, epoch, entries);
                    store.commit(epoch);
                }
                long versions = store.sizes().stream().mapToLong(s -> s[1]).sum();
                // The last version of each key, and the one as of the previous commit (the last
                // epoch known to be committed in every partition when the last commit began).
                assertEquals(200, versions, "two versions per key are left");
            }
            for (int p = 0; p < parts; p++) {
                rowsAt[round] += backend.journalRows(dir, p) + backend.snapshotRows(dir, p);
            }
            bytesAt[round] = backend == StoreBackend.H2 ? TestFiles.size(dir) : 0;
        }
        System.out.printf("GC (%s): journal+snapshot rows after 300 epochs %d, after 600 %d; bytes %d, %d%n",
                backend, rowsAt[0], rowsAt[1], bytesAt[0], bytesAt[1]);
        // 600 epochs wrote 2400 events. Snapshots every 50 events, keeping 2, leave per partition
        // at most ~100 events, plus 50 when the store closed before the last deletion ran.
        assertTrue(rowsAt[1] <= parts * 160L, "rows after 600 epochs: " + rowsAt[1]);
        assertTrue(rowsAt[1] <= rowsAt[0] + parts * 60L, rowsAt[0] + " then " + rowsAt[1]);
        // The H2 files hold much less than was written: kept, the 60 000 values of about 70
        // characters each would take over 4 MB. (How far the files grow between the two rounds
        // depends on when H2's background compaction runs, so that is not what is checked.)
        long written = 600L * 100 * ("value of epoch 600" + " ".repeat(50)).length();
        assertTrue(bytesAt[1] < written / 2, "H2 files: " + bytesAt[0] + " then " + bytesAt[1] + " bytes, for "
                + written + " characters written");
        try (PartitionedStore store = open(backend, dir, Duration.ZERO, config)) {
            assertEquals(600, store.committedEpoch());
            assertEquals("value of epoch 600" + " ".repeat(50), store.loadState("s", KeyFilter.all()).get("k7"));
        }
    }

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void longBackupIntervalKeepsOldVersions(StoreBackend backend) {
        backend.assumeAvailable();
        Path dir = tmp.resolve("db");
        init(backend, dir, 2);
        try (PartitionedStore store = open(backend, dir, LONG)) {
            for (int epoch = 1; epoch <= 30; epoch++) {
                List<SnapshotEntry> entries = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    entries.add(e("s", "k" + i, epoch));
                }
                store.store(0, epoch, entries);
                store.commit(epoch);
            }
            assertEquals(300, store.sizes().stream().mapToLong(s -> s[1]).sum());
        }
        try (PartitionedStore store = open(backend, dir, LONG)) {
            assertEquals(30, store.committedEpoch());
            assertEquals(300, store.sizes().stream().mapToLong(s -> s[1]).sum(), "kept across a reopen");
            assertEquals(30, store.loadState("s", KeyFilter.all()).get("k3"));
        }
        // Reopened with a zero interval, the next commit collects them.
        try (PartitionedStore store = open(backend, dir, Duration.ZERO)) {
            store.commit(31);
            assertEquals(10, store.sizes().stream().mapToLong(s -> s[1]).sum());
        }
    }

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void concurrentWorkersStoreIntoOneStore(StoreBackend backend) throws Exception {
        backend.assumeAvailable();
        Path dir = tmp.resolve("db");
        init(backend, dir, 3);
        try (PartitionedStore store = open(backend, dir, Duration.ZERO)) {
            List<Thread> workers = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int w = 0; w < 4; w++) {
                int worker = w;
                workers.add(new Thread(() -> {
                    try {
                        for (long epoch = 1; epoch <= 20; epoch++) {
                            store.store(worker, epoch, List.of(e("s", "w" + worker, epoch)));
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }));
            }
            workers.forEach(Thread::start);
            for (Thread t : workers) {
                t.join();
            }
            assertEquals(List.of(), failures);
            store.commit(20);
            Set<Object> values = new HashSet<>(store.loadState("s", KeyFilter.all()).values());
            assertEquals(Set.of(20L), values);
        }
    }
}
