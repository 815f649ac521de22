package io.waxwing.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waxwing.EntryPoint;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.KeyedStream;
import io.waxwing.dataflow.StateAndOutput;
import io.waxwing.testing.TestingSink;
import io.waxwing.testing.TestingSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bytewax's recovery scenarios ({@code pytests/test_recovery.py}) under every entry point: aborts
 * with and without snapshots, EOF continuations, a delayed backup interval, and the errors the
 * entry points throw before any data flows when the partitions are absent, incomplete or
 * inconsistent. Partitions are copied, deleted and restored as {@code dbDir/part-<i>} directories,
 * the layout of the embedded H2 journal.
 */
@Timeout(120)
class RecoveryScenariosTest {
    private static final Duration ZERO = Duration.ZERO;
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    // ---- helpers -------------------------------------------------------------------------------

    private Path dbDir() {
        return tmp.resolve("db");
    }

    private static <T> List<T> synchronizedList() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    /** The items of {@code out}, emptying it. */
    private static <T> List<T> drain(List<T> out) {
        synchronized (out) {
            List<T> copy = new ArrayList<>(out);
            out.clear();
            return copy;
        }
    }

    /** {@code inp → out}: a source straight into a sink. */
    private static Dataflow passThrough(List<?> items, List<Integer> out) {
        Dataflow flow = new Dataflow("test_df");
        flow.<Integer>input("inp", new TestingSource<>(items)).output("out", new TestingSink<>(out));
        return flow;
    }

    /** Bytewax's {@code build_keep_max_dataflow}: the running maximum of each key. */
    static Dataflow keepMax(List<?> items, List<KV<Integer>> out) {
        Dataflow flow = new Dataflow("test_df");
        KeyedStream.of(flow.<KV<Integer>>input("inp", new TestingSource<>(items)))
                .statefulMap("max", (Integer max, Integer value) -> {
                    int m = Math.max(max == null ? 0 : max, value);
                    return new StateAndOutput<>(m, m);
                })
                .output("out", new TestingSink<>(out));
        return flow;
    }

    /**
     * The outputs of one run of a keyed flow, by key in arrival order: the order of different keys
     * depends on the number of workers, the order within a key never does.
     */
    static Map<String, List<Integer>> byKey(List<KV<Integer>> out) {
        Map<String, List<Integer>> result = new TreeMap<>();
        for (KV<Integer> kv : drain(out)) {
            result.computeIfAbsent(kv.key(), k -> new ArrayList<>()).add(kv.value());
        }
        return result;
    }

    private Path partDir(int part) {
        return dbDir().resolve("part-" + part);
    }

    /** Copies partition {@code part}'s files aside as {@code name}. */
    private Path copyPartition(int part, String name) {
        Path copy = tmp.resolve("saved").resolve(name);
        copyTree(partDir(part), copy);
        return copy;
    }

    /** Replaces partition {@code part}'s files with {@code copy}. */
    private void restorePartition(int part, Path copy) {
        deleteTree(partDir(part));
        copyTree(copy, partDir(part));
    }

    static void copyTree(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, List<Integer>> expect(String k1, int v1, String k2, int v2) {
        return new TreeMap<>(Map.of(k1, List.of(v1), k2, List.of(v2)));
    }

    /**
     * What to put before an abort that should find the epochs before it committed. An abort is a
     * crash: under {@code runMain} every closed epoch is committed before the source is polled
     * again, but under {@code clusterMain} commits (and keyed items on their way to other workers)
     * are asynchronous and an abort may overtake them, which only makes the resume replay more
     * (at-least-once output). A pause lets them complete first.
     */
    private static List<Object> settle(EntryPoint ep) {
        return ep == EntryPoint.RUN_MAIN ? List.of() : List.of(TestingSource.pause(Duration.ofMillis(500)));
    }

    private static List<Object> concat(List<?>... parts) {
        List<Object> out = new ArrayList<>();
        for (List<?> p : parts) {
            out.addAll(p);
        }
        return out;
    }

    // ---- aborts --------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#withProcesses")
    void anAbortBeforeTheFirstSnapshotReplaysAllTheInputOnResume(EntryPoint ep) {
        Recovery.initDbDir(dbDir(), 1);
        RecoveryConfig recovery = new RecoveryConfig(dbDir());
        List<Integer> out = synchronizedList();
        Dataflow flow = passThrough(List.of(0, 1, 2, TestingSource.abort(), 3, 4), out);

        // A 5-second epoch interval: the abort comes before any epoch has closed.
        ep.run(flow, FIVE_SECONDS, recovery);
        assertEquals(List.of(0, 1, 2), drain(out));

        // Nothing was committed, so the resumed execution replays every item.
        ep.run(flow, FIVE_SECONDS, recovery);
        assertEquals(List.of(0, 1, 2, 3, 4), drain(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#withProcesses")
    void anAbortAfterSnapshotsResumesAfterTheLastSnapshottedItem(EntryPoint ep) {
        Recovery.initDbDir(dbDir(), 1);
        RecoveryConfig recovery = new RecoveryConfig(dbDir());
        List<Integer> out = synchronizedList();
        Dataflow flow = passThrough(concat(List.of(0, 1, 2), settle(ep), List.of(TestingSource.abort(), 3, 4)), out);

        // A zero epoch interval: every item is its own epoch and is snapshotted.
        ep.run(flow, ZERO, recovery);
        assertEquals(List.of(0, 1, 2), drain(out));

        // The resumed execution continues as if the abort had been an EOF.
        ep.run(flow, ZERO, recovery);
        assertEquals(List.of(3, 4), drain(out));
    }

    // ---- continuations -------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#withProcesses")
    void eachContinuationResumesAfterTheLastEofAndRunsAfterTheEndOutputNothing(EntryPoint ep) {
        Recovery.initDbDir(dbDir(), 1);
        RecoveryConfig recovery = new RecoveryConfig(dbDir());
        List<Integer> out = synchronizedList();
        Dataflow flow = passThrough(List.of(0, 1, 2, TestingSource.eof(), 3, 4), out);

        // A 5-second epoch interval: the only snapshot is taken at the EOF.
        ep.run(flow, FIVE_SECONDS, recovery);
        assertEquals(List.of(0, 1, 2), drain(out));
        ep.run(flow, FIVE_SECONDS, recovery);
        assertEquals(List.of(3, 4), drain(out));
        ep.run(flow, FIVE_SECONDS, recovery);
        assertEquals(List.of(), drain(out));
        ep.run(flow, FIVE_SECONDS, recovery);
        assertEquals(List.of(), drain(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#withProcesses")
    void continuationsWithADelayedBackupIntervalEachResumeAfterTheirEof(EntryPoint ep) {
        Recovery.initDbDir(dbDir(), 1);
        // Longer than the whole test: no superseded snapshot is ever garbage collected.
        RecoveryConfig recovery = new RecoveryConfig(dbDir(), Duration.ofSeconds(10));
        List<Integer> out = synchronizedList();
        Dataflow flow = passThrough(List.of(0, TestingSource.eof(), 1, TestingSource.eof(), 2, TestingSource.eof(),
                3, TestingSource.eof(), 4), out);

        for (int expected = 0; expected <= 4; expected++) {
            ep.run(flow, FIVE_SECONDS, recovery);
            assertEquals(List.of(expected), drain(out), "run " + expected);
        }
        ep.run(flow, FIVE_SECONDS, recovery);
        assertEquals(List.of(), drain(out));
    }

    private static List<Object> fourSegments() {
        return List.of(KV.of("a", 4), KV.of("b", 4), TestingSource.eof(),
                KV.of("a", 1), KV.of("b", 5), TestingSource.eof(),
                KV.of("a", 8), KV.of("b", 1), TestingSource.eof(),
                KV.of("a", 2), KV.of("b", 9));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#withProcesses")
    void aPartitionRestoredFromACopyWithinTheBackupIntervalResumesFromTheEpochItShares(EntryPoint ep) {
        Recovery.initDbDir(dbDir(), 3);
        RecoveryConfig recovery = new RecoveryConfig(dbDir(), Duration.ofMinutes(10));
        List<KV<Integer>> out = synchronizedList();
        Dataflow flow = keepMax(fourSegments(), out);

        ep.run(flow, ZERO, recovery);
        assertEquals(expect("a", 4, "b", 4), byKey(out));
        Path copy = copyPartition(0, "part-0.run1");

        ep.run(flow, ZERO, recovery);
        assertEquals(expect("a", 4, "b", 5), byKey(out));
        ep.run(flow, ZERO, recovery);
        assertEquals(expect("a", 8, "b", 5), byKey(out));

        // Partition 0 goes back to its state after the first run: the newest epoch all the
        // partitions share is the end of the first run, so the second segment is replayed.
        restorePartition(0, copy);
        ep.run(flow, ZERO, recovery);
        assertEquals(expect("a", 4, "b", 5), byKey(out));
        // The later versions in the other partitions were voided: the state is that of the replay.
        ep.run(flow, ZERO, recovery);
        assertEquals(expect("a", 8, "b", 5), byKey(out));
        ep.run(flow, ZERO, recovery);
        assertEquals(expect("a", 8, "b", 9), byKey(out));
        ep.run(flow, ZERO, recovery);
        assertEquals(Map.of(), byKey(out));
    }

    // ---- errors before any data flows ----------------------------------------------------------

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#withProcesses")
    void aDirectoryWithoutPartitionsFailsWithNoPartitionsNamingTheInitCommand(EntryPoint ep) {
        // Never initialised.
        RecoveryConfig recovery = new RecoveryConfig(dbDir());
        List<KV<Integer>> out = synchronizedList();
        Dataflow flow = keepMax(List.of(KV.of("a", 1)), out);

        NoPartitionsException e = assertThrows(NoPartitionsException.class, () -> ep.run(flow, ZERO, recovery));
        assertTrue(e.getMessage().contains("recovery init"), e.getMessage());
        assertEquals(List.of(), drain(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#withProcesses")
    void aPartitionMissingFromAFreshStoreFailsWithMissingPartitions(EntryPoint ep) {
        Recovery.initDbDir(dbDir(), 3);
        deleteTree(partDir(0));
        RecoveryConfig recovery = new RecoveryConfig(dbDir());
        List<KV<Integer>> out = synchronizedList();
        Dataflow flow = keepMax(List.of(KV.of("a", 1)), out);

        MissingPartitionsException e =
                assertThrows(MissingPartitionsException.class, () -> ep.run(flow, ZERO, recovery));
        assertTrue(e.getMessage().contains("[0]"), e.getMessage());
        assertEquals(List.of(), drain(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#withProcesses")
    void aPartitionDeletedAfterACommittedRunFailsWithMissingPartitions(EntryPoint ep) {
        Recovery.initDbDir(dbDir(), 3);
        RecoveryConfig recovery = new RecoveryConfig(dbDir());
        List<KV<Integer>> out = synchronizedList();
        Dataflow flow = keepMax(fourSegments(), out);

        ep.run(flow, ZERO, recovery);
        assertEquals(expect("a", 4, "b", 4), byKey(out));

        deleteTree(partDir(1));
        MissingPartitionsException e =
                assertThrows(MissingPartitionsException.class, () -> ep.run(flow, ZERO, recovery));
        assertTrue(e.getMessage().contains("[1]"), e.getMessage());
        assertEquals(Map.of(), byKey(out));
        // Still refused on the next attempt: a failed open changes nothing.
        assertThrows(MissingPartitionsException.class, () -> ep.run(flow, ZERO, recovery));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#withProcesses")
    void aPartitionRestoredAsInitialisedBesideCommittedOnesFailsWithInconsistentPartitions(EntryPoint ep) {
        Recovery.initDbDir(dbDir(), 3);
        RecoveryConfig recovery = new RecoveryConfig(dbDir(), ZERO);
        Path initial = copyPartition(0, "part-0.run0");
        List<KV<Integer>> out = synchronizedList();
        Dataflow flow = keepMax(concat(List.of(KV.of("a", 4), KV.of("b", 4)), settle(ep),
                List.of(TestingSource.abort(), KV.of("a", 1), KV.of("b", 5))), out);

        ep.run(flow, ZERO, recovery);
        assertEquals(expect("a", 4, "b", 4), byKey(out));

        restorePartition(0, initial);
        assertThrows(InconsistentPartitionsException.class, () -> ep.run(flow, ZERO, recovery));
        assertEquals(Map.of(), byKey(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#withProcesses")
    void aFreshlyInitialisedPartitionBesideCommittedOnesFailsWithInconsistentPartitions(EntryPoint ep) {
        Recovery.initDbDir(dbDir(), 3);
        RecoveryConfig recovery = new RecoveryConfig(dbDir());
        List<KV<Integer>> out = synchronizedList();
        Dataflow flow = keepMax(fourSegments(), out);

        ep.run(flow, ZERO, recovery);
        assertEquals(expect("a", 4, "b", 4), byKey(out));

        // Partition 2 of a brand-new store of the same shape replaces the committed partition 2.
        Path fresh = tmp.resolve("fresh");
        Recovery.initDbDir(fresh, 3);
        deleteTree(partDir(2));
        copyTree(fresh.resolve("part-2"), partDir(2));
        assertThrows(InconsistentPartitionsException.class, () -> ep.run(flow, ZERO, recovery));
        assertEquals(Map.of(), byKey(out));
    }

    @ParameterizedTest
    @MethodSource("io.waxwing.EntryPoint#withProcesses")
    void aPartitionRestoredFromACopyOlderThanTheBackupIntervalFailsWithInconsistentPartitions(EntryPoint ep) {
        Recovery.initDbDir(dbDir(), 3);
        // A zero backup interval: superseded snapshots and old resume epochs are dropped at once.
        RecoveryConfig recovery = new RecoveryConfig(dbDir(), ZERO);
        List<KV<Integer>> out = synchronizedList();
        Dataflow flow = keepMax(fourSegments(), out);

        ep.run(flow, ZERO, recovery);
        assertEquals(expect("a", 4, "b", 4), byKey(out));
        Path copy = copyPartition(0, "part-0.run1");

        // Two more committed runs move every partition's oldest resume epoch past the copy's newest.
        ep.run(flow, ZERO, recovery);
        assertEquals(expect("a", 4, "b", 5), byKey(out));
        ep.run(flow, ZERO, recovery);
        assertEquals(expect("a", 8, "b", 5), byKey(out));

        Path current = copyPartition(0, "part-0.run3");
        restorePartition(0, copy);
        assertThrows(InconsistentPartitionsException.class, () -> ep.run(flow, ZERO, recovery));
        assertEquals(Map.of(), byKey(out));

        // Putting the current partition back makes the store usable again: nothing was damaged.
        restorePartition(0, current);
        ep.run(flow, ZERO, recovery);
        assertEquals(expect("a", 8, "b", 9), byKey(out));
    }
}
