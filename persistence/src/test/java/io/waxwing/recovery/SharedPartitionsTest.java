package io.waxwing.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.engine.recovery.KeyFilter;
import io.waxwing.engine.recovery.SnapshotEntry;
import io.waxwing.recovery.internal.PartitionSummary;
import io.waxwing.recovery.internal.PartitionedStore;
import io.waxwing.recovery.internal.SnapshotBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The store as the processes of a cluster open it: each opens only its own partitions of one
 * directory (a share), the shares' summaries are checked together, every share resumes from the
 * agreed epoch, and the next execution may split the partitions differently.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedPartitionsTest {
    @TempDir
    Path tmp;

    private static List<PartitionedStore> openShares(StoreBackend backend, Path dir, int procs) {
        List<PartitionedStore> shares = new ArrayList<>();
        for (int p = 0; p < procs; p++) {
            int proc = p;
            shares.add(PartitionedStore.openShare(new RecoveryConfig(dir, Duration.ZERO), backend.config(), null,
                    i -> i % procs == proc));
        }
        List<PartitionSummary> all = new ArrayList<>();
        shares.forEach(s -> all.addAll(s.summaries()));
        PartitionedStore.Agreement agreement = PartitionedStore.agree(all, dir.toString(), i -> "part " + i);
        shares.forEach(s -> s.resumeFrom(agreement));
        return shares;
    }

    /** Writes {@code entries} as one worker would: each share journals the partitions it owns. */
    private static void write(List<PartitionedStore> shares, long epoch, List<SnapshotEntry> entries, int parts) {
        SnapshotBatch batch = SnapshotBatch.encode(epoch, entries, parts);
        for (PartitionedStore share : shares) {
            SnapshotBatch mine = batch.select(share::owns);
            if (!mine.isEmpty()) {
                // Through the wire form, as a batch for another process travels.
                for (byte[] chunk : mine.toChunks(256)) {
                    share.write(0, SnapshotBatch.fromChunk(chunk));
                }
            }
        }
    }

    private static Map<String, Object> load(List<PartitionedStore> shares, String step) {
        Map<String, Object> out = new HashMap<>();
        shares.forEach(s -> out.putAll(s.loadState(step, KeyFilter.all())));
        return out;
    }

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void sharesOfOneDirectoryResumeWithAnotherSplit(StoreBackend backend) {
        backend.assumeAvailable();
        Path dir = tmp.resolve("db");
        PartitionedStore.init(dir, 5, backend.config());
        Map<String, Object> expected = new HashMap<>();
        List<PartitionedStore> two = openShares(backend, dir, 2);
        try {
            assertEquals(5, two.get(0).partitionCount());
            assertEquals(List.of(0, 2, 4), two.get(0).summaries().stream().map(PartitionSummary::index).toList());
            for (long epoch = 1; epoch <= 3; epoch++) {
                List<SnapshotEntry> entries = new ArrayList<>();
                for (int k = 0; k < 200; k++) {
                    entries.add(new SnapshotEntry("sum", "k" + k, "v" + k + "@" + epoch));
                    expected.put("k" + k, "v" + k + "@" + epoch);
                }
                write(two, epoch, entries, 5);
                long e = epoch;
                // Every share records the commit; GC relies only on the previous, acknowledged one.
                two.forEach(s -> s.commit(e, e - 1));
            }
            // Written but never committed: voided on resume.
            write(two, 4, List.of(new SnapshotEntry("sum", "k1", "uncommitted")), 5);
        } finally {
            two.forEach(PartitionedStore::close);
        }
        List<PartitionedStore> three = openShares(backend, dir, 3);
        try {
            assertEquals(3, three.get(0).committedEpoch());
            assertEquals(expected, load(three, "sum"));
        } finally {
            three.forEach(PartitionedStore::close);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void aPartitionNoShareHoldsIsMissing(StoreBackend backend) throws Exception {
        backend.assumeAvailable();
        Path dir = tmp.resolve("db");
        PartitionedStore.init(dir, 4, backend.config());
        backend.deletePartition(dir, 3);
        List<PartitionedStore> shares = new ArrayList<>();
        try {
            List<PartitionSummary> all = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                int proc = p;
                PartitionedStore share = PartitionedStore.openShare(new RecoveryConfig(dir), backend.config(), null,
                        i -> i % 2 == proc);
                shares.add(share);
                all.addAll(share.summaries());
            }
            MissingPartitionsException e = assertThrows(MissingPartitionsException.class,
                    () -> PartitionedStore.agree(all, dir.toString(), i -> "partition " + i + " of process " + i % 2));
            assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("partition 3 of process 1"),
                    e.getMessage());
        } finally {
            shares.forEach(PartitionedStore::close);
        }
    }

    @Test
    void chunksCarryEveryEntryOfEveryPartitionOnce() {
        List<SnapshotEntry> entries = new ArrayList<>();
        for (int k = 0; k < 1000; k++) {
            entries.add(new SnapshotEntry(k % 3 == 0 ? "a" : "b", "key-" + k, k % 10 == 0 ? null : "value-" + k));
        }
        SnapshotBatch batch = SnapshotBatch.encode(7, entries, 4);
        List<byte[]> chunks = batch.toChunks(1024);
        assertTrue(chunks.size() > 10, "small chunks: " + chunks.size());
        int[] perPartition = new int[4];
        for (byte[] chunk : chunks) {
            assertTrue(chunk.length < 2048, "a chunk stays near its limit: " + chunk.length);
            SnapshotBatch back = SnapshotBatch.fromChunk(chunk);
            assertEquals(7, back.epoch());
            for (int p : back.partitions()) {
                int part = p;
                perPartition[p] += back.select(x -> x == part).entryCount();
            }
        }
        int[] expected = new int[4];
        for (SnapshotEntry e : entries) {
            expected[SnapshotBatch.partitionOf(e.stepId(), e.key(), 4)]++;
        }
        assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(perPartition));
        assertEquals(List.of(0, 1, 2, 3), batch.partitions());
        assertEquals(1000, batch.entryCount());
    }
}
