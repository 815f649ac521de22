package io.waxwing.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store faults of the fault suite (docs/faults.md): a run whose recovery store is locked by
 * another run, read-only, on a full disk, not a Waxwing store, damaged, truncated or emptied ends
 * with exit 1 and a last line naming the partition's path and the cause in words, with no stack
 * trace; and a failed open leaves the store's files byte for byte as they were. Real launcher
 * processes; the read-only and full-disk cases mount a file system (as root) and are skipped where
 * that is not allowed.
 */
class StoreFaultsIT {
    private static final String FLOW = "io.waxwing.launcher.fixtures.FaultFlows:runningCounts(40, 8, 0)";
    /** A run that lasts minutes unless killed: holds the store open. */
    private static final String LONG_FLOW = "io.waxwing.launcher.fixtures.FaultFlows:runningCounts(100000, 8, 5)";
    private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at \\S+\\(.*\\)$|^Caused by: |^\\s+\\.\\.\\. \\d+ (common frames )?more$");
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    private static Path root;
    /** A store of two partitions in which a run completed: commits, snapshots and state in both. */
    private static Path pristine;

    @BeforeAll
    static void makeAStoreWithState() throws IOException {
        root = Files.createTempDirectory("waxwing-store-faults");
        pristine = root.resolve("pristine");
        LauncherProcess.Result init = LauncherProcess.spec().args("recovery", "init", pristine, "2").run(RUN_TIMEOUT);
        assertEquals(0, init.exitCode(), init::toString);
        LauncherProcess.Result run = run(pristine);
        assertEquals(0, run.exitCode(), run::toString);
    }

    @AfterAll
    static void removeTheStores() throws IOException {
        if (root != null) {
            try (Stream<Path> all = Files.walk(root)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aStoreLockedByAnotherRunIsRefusedWithinTwoSeconds() throws IOException {
        Path store = copyOfPristine("locked");
        try (LauncherProcess first = spec(store, LONG_FLOW).start()) {
            first.awaitStdout(l -> l.startsWith("counts "), RUN_TIMEOUT, "the first run's output (its store is open)");
            try (LauncherProcess second = spec(store, FLOW).start()) {
                second.awaitStderr(l -> l.contains("running dataflow"), RUN_TIMEOUT, "the second run's start");
                long opening = System.nanoTime();
                LauncherProcess.Result r = second.await(RUN_TIMEOUT);
                Duration refusedAfter = Duration.ofNanos(System.nanoTime() - opening);
                assertRefused(r, store.resolve("part-0"), "is locked by another run");
                // Before, the journal's connection pool waited out its 5 s timeout (18 s in all).
                assertTrue(refusedAfter.compareTo(Duration.ofSeconds(2)) < 0,
                        "refused " + refusedAfter.toMillis() + " ms after the run started opening the store\n" + r);
            }
            assertTrue(first.alive(), "the first run goes on");
        }
    }

    @Test
    void aReadOnlyStoreIsRefusedAndLeftUntouched() throws IOException {
        Path store = copyOfPristine("read-only");
        Map<String, String> before = contents(store);
        if (isRoot()) {
            // The superuser writes whatever the permissions say: only a read-only mount stops it.
            Path mounted = Files.createDirectories(root.resolve("read-only-mount"));
            assumeMounted(sh("mount", "--bind", store.toString(), mounted.toString()));
            try {
                assumeMounted(sh("mount", "-o", "remount,bind,ro", mounted.toString()));
                assertRefused(run(mounted), mounted.resolve("part-0"), "is read-only");
            } finally {
                sh("umount", mounted.toString());
            }
        } else {
            try (Stream<Path> all = Files.walk(store)) {
                all.forEach(p -> p.toFile().setWritable(false, false));
            }
            try {
                assertRefused(run(store), store.resolve("part-0"), "is read-only");
            } finally {
                try (Stream<Path> all = Files.walk(store)) {
                    all.forEach(p -> p.toFile().setWritable(true, true));
                }
            }
        }
        assertEquals(before, contents(store), "the store's files changed");
    }

    @Test
    void aStoreOnAFullDiskIsRefusedAndLeftUntouched() throws IOException {
        Path disk = Files.createDirectories(root.resolve("full-disk"));
        assumeMounted(sh("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk.toString()));
        try {
            Path store = copyTree(pristine, disk.resolve("store"));
            fill(disk.resolve("filler"));
            Map<String, String> before = contents(store);
            assertRefused(run(store), store.resolve("part-0"), "the disk is full");
            assertEquals(before, contents(store), "the store's files changed");
        } finally {
            sh("umount", disk.toString());
        }
    }

    @Test
    void aDiskThatFillsDuringTheRunEndsItWithTheCause() throws IOException {
        Path disk = Files.createDirectories(root.resolve("filling-disk"));
        assumeMounted(sh("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk.toString()));
        try {
            Path store = copyTree(pristine, disk.resolve("store"));
            fill(disk.resolve("filler"));
            // Let the run start on the full disk, so that its first larger write fails.
            LauncherProcess.Result r = LauncherProcess.spec().jvm("-Dwaxwing.recovery.h2.min-free-space=0")
                    .args("-cp", LauncherProcess.testClasses(), "--recovery-dir", store, "--epoch-interval", "50ms",
                            "io.waxwing.launcher.fixtures.FaultFlows:runningCounts(20000, 20000, 0)")
                    .run(RUN_TIMEOUT);
            assertRefused(r, store.resolve("part-"), "cannot be written: the disk is full");
        } finally {
            sh("umount", disk.toString());
        }
    }

    @Test
    void aRandomFileIsNotAWaxwingStore() throws IOException {
        Path store = copyOfPristine("random");
        byte[] noise = new byte[40960];
        new java.util.Random(13).nextBytes(noise);
        Files.write(journal(store, 0), noise);
        assertRefusedUntouched(store, "is not a Waxwing recovery partition, or its header is corrupt");
    }

    @Test
    void anotherH2DatabaseIsNotAWaxwingStore() throws IOException, SQLException {
        Path store = copyOfPristine("other-h2");
        Files.delete(journal(store, 0));
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + store.resolve("part-0/journal"), "", "");
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE accounts(id INT PRIMARY KEY, balance BIGINT)");
        }
        assertRefusedUntouched(store, "is not a Waxwing recovery partition: journal.mv.db is an H2 database without"
                + " the journal's tables");
    }

    @Test
    void aDamagedHeaderIsRefused() throws IOException {
        Path store = copyOfPristine("damaged-header");
        // H2 keeps two copies of its header, 4 KiB apart; damage both after their "H:2," tag.
        try (RandomAccessFile f = new RandomAccessFile(journal(store, 0).toFile(), "rw")) {
            for (long at : new long[] {4, 4096 + 4}) {
                f.seek(at);
                f.write("#damaged#damaged#damaged#".getBytes(StandardCharsets.US_ASCII));
            }
        }
        assertRefusedUntouched(store, "is damaged");
    }

    @Test
    void aTruncatedPartitionIsRefused() throws IOException {
        Path store = copyOfPristine("truncated");
        Path file = journal(store, 0);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        assertRefusedUntouched(store, "is damaged");
    }

    @Test
    void anEmptiedPartitionIsRefusedAndStaysEmpty() throws IOException {
        Path store = copyOfPristine("emptied");
        Files.write(journal(store, 1), new byte[0]);
        Map<String, String> before = contents(store);
        assertRefused(run(store), store.resolve("part-1"), "is empty: its file journal.mv.db has 0 bytes");
        // Before, the failed run wrote a fresh, empty database into the emptied file.
        assertEquals(0, Files.size(journal(store, 1)));
        assertEquals(before, contents(store), "the store's files changed");
    }

    private static void assertRefusedUntouched(Path store, String cause) throws IOException {
        Map<String, String> before = contents(store);
        assertRefused(run(store), store.resolve("part-0"), cause);
        assertEquals(before, contents(store), "the store's files changed");
    }

    /** Exit 1, the last line names the partition and the cause, and no stack trace anywhere. */
    private static void assertRefused(LauncherProcess.Result r, Path partition, String cause) {
        assertEquals(1, r.exitCode(), r::toString);
        List<String> err = r.stderr();
        assertFalse(err.isEmpty(), r::toString);
        String last = err.get(err.size() - 1);
        assertTrue(last.startsWith("waxwing: ") && last.contains("recovery partition " + partition)
                && last.contains(cause), () -> "last line: " + last + "\n" + r);
        assertTrue(err.stream().noneMatch(l -> STACK_FRAME.matcher(l).find()), () -> "a stack trace:\n" + r);
    }

    private static LauncherProcess.Spec spec(Path store, String flow) {
        return LauncherProcess.spec().args("-cp", LauncherProcess.testClasses(), "--recovery-dir", store,
                "--epoch-interval", "50ms", flow);
    }

    private static LauncherProcess.Result run(Path store) {
        return spec(store, FLOW).run(RUN_TIMEOUT);
    }

    private static Path journal(Path store, int part) {
        return store.resolve("part-" + part).resolve("journal.mv.db");
    }

    private static Path copyOfPristine(String name) throws IOException {
        return copyTree(pristine, root.resolve(name));
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    /** Every file under {@code dir} and a digest of its bytes. */
    private static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p)) {
                    out.put(dir.relativize(p).toString(), sha256(Files.readAllBytes(p)));
                }
            }
        }
        return out;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code file} until its disk has no space left. */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw e;
            }
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void assumeMounted(List<String> result) {
        assumeTrue(result.get(0).equals("0"), () -> "skipped: mounting a file system is not allowed here ("
                + String.join(" ", result.subList(1, result.size())).strip() + "); this case needs root");
    }

    /** Runs a command; its exit code, then its output lines. */
    private static List<String> sh(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of("-1", String.join(" ", command) + " did not end");
            }
            List<String> result = new ArrayList<>();
            result.add(Integer.toString(p.exitValue()));
            result.addAll(List.of(new String(out, StandardCharsets.UTF_8).split("\\R")));
            return result;
        } catch (IOException e) {
            return List.of("-1", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("-1", "interrupted");
        }
    }
}
