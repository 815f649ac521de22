package io.waxwing.recovery.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.waxwing.dataflow.KeyHash;
import io.waxwing.recovery.RecoveryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the partitions' journals live: one embedded H2 database per partition inside the recovery
 * directory (the default), or one PostgreSQL database holding every partition, told apart by
 * persistence id. Chosen by {@code waxwing.recovery.journal}.
 */
abstract class JournalBackend {
    private static final Pattern PART_DIR = Pattern.compile("part-(\\d+)");
    /** A disk with less space than this left after a write failed is reported full. */
    private static final long FULL_AFTER_A_FAILED_WRITE = 1 << 20;
    /** The tables of pekko-persistence-jdbc's schema that a partition's journal uses. */
    private static final List<String> JOURNAL_TABLES = List.of("event_journal", "event_tag", "snapshot");

    final Path dbDir;
    final Config settings;

    private JournalBackend(Path dbDir, Config settings) {
        this.dbDir = dbDir.toAbsolutePath().normalize();
        this.settings = settings;
    }

    static JournalBackend create(Path dbDir, Config settings) {
        String journal = settings.getString("journal");
        switch (journal) {
            case "h2":
                return new H2(dbDir, settings);
            case "postgres":
                return new Postgres(dbDir, settings);
            default:
                throw new RecoveryException("waxwing.recovery.journal must be \"h2\" or \"postgres\", got \"" + journal + "\"");
        }
    }

    /** The partitions that exist, by index. */
    abstract SortedSet<Integer> presentPartitions();

    /** Creates the storage of {@code count} partitions (their tables); none may exist yet. */
    abstract void createPartitions(int count);

    abstract String persistenceId(int part);

    abstract String journalPluginId(int part);

    abstract String snapshotPluginId(int part);

    /** Where partition {@code part} lives, for messages. */
    abstract String location(int part);

    /**
     * Checks, without writing anything, that partition {@code part} can be opened for writing, so that
     * a store that cannot be used is refused at once with its cause in words, before the journal's
     * connection pool would time out on it. PostgreSQL partitions are rows in a server that reports
     * its own errors when the journal connects: nothing to check beforehand.
     *
     * @throws RecoveryException naming the partition and the cause
     */
    void checkOpenable(int part) {
    }

    /**
     * After partition {@code part}'s journal failed without saying why: the cause its storage shows
     * (a full disk, a file that cannot be written), completing "recovery partition PATH ...", or
     * {@code null}.
     */
    String diagnoseFailure(int part) {
        return null;
    }

    /** Plugin configurations, rooted at their plugin ids, built on the plugins' defaults in {@code system}. */
    Config journalPluginConfig(int part, Config system) {
        return pluginConfig(journalPluginId(part), system.getConfig("jdbc-journal"), part);
    }

    Config snapshotPluginConfig(int part, Config system) {
        return pluginConfig(snapshotPluginId(part), system.getConfig("jdbc-snapshot-store"), part);
    }

    private Config pluginConfig(String pluginId, Config defaults, int part) {
        Map<String, Object> slick = slickSettings(part);
        return ConfigFactory.parseMap(slick).atKey("slick").withFallback(defaults).atKey(pluginId);
    }

    abstract Map<String, Object> slickSettings(int part);

    static Map<String, Object> pool(String profile, String driver, String url, String user, String password,
            int connections, long connectionTimeoutMillis) {
        Map<String, Object> m = new HashMap<>();
        m.put("profile", profile);
        m.put("db.connectionPool", "HikariCP");
        m.put("db.driver", driver);
        m.put("db.url", url);
        m.put("db.user", user);
        m.put("db.password", password);
        m.put("db.numThreads", connections);
        m.put("db.maxConnections", connections);
        m.put("db.minConnections", 1);
        m.put("db.connectionTimeout", connectionTimeoutMillis);
        return m;
    }

    static void runScript(Connection conn, String resource) throws SQLException {
        String script;
        try (InputStream in = JournalBackend.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new RecoveryException("the journal schema " + resource + " is not on the classpath"
                        + " (it ships in pekko-persistence-jdbc)");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RecoveryException("cannot read the journal schema " + resource, e);
        }
        try (Statement st = conn.createStatement()) {
            for (String sql : script.split(";\\s*(\\r?\\n|$)")) {
                if (!sql.isBlank()) {
                    st.execute(sql);
                }
            }
        }
    }

    /** Each partition is its own H2 file: {@code dbDir/part-<i>/journal.mv.db}. */
    static final class H2 extends JournalBackend {
        private final String pluginPrefix;

        H2(Path dbDir, Config settings) {
            super(dbDir, settings);
            this.pluginPrefix = "waxwing-recovery-h2-" + Long.toHexString(KeyHash.hash(this.dbDir.toString()));
        }

        Path partDir(int part) {
            return dbDir.resolve("part-" + part);
        }

        private String url(int part, boolean mustExist) {
            return "jdbc:h2:file:" + partDir(part).resolve("journal") + (mustExist ? ";IFEXISTS=TRUE" : "")
                    + settings.getString("h2.url-options");
        }

        @Override
        SortedSet<Integer> presentPartitions() {
            SortedSet<Integer> out = new TreeSet<>();
            if (!Files.isDirectory(dbDir)) {
                return out;
            }
            try (Stream<Path> entries = Files.list(dbDir)) {
                entries.forEach(p -> {
                    Matcher m = PART_DIR.matcher(p.getFileName().toString());
                    if (m.matches() && Files.isRegularFile(p.resolve("journal.mv.db"))) {
                        out.add(Integer.parseInt(m.group(1)));
                    }
                });
            } catch (IOException e) {
                throw new RecoveryException("cannot list the recovery directory " + dbDir, e);
            }
            return out;
        }

        @Override
        void createPartitions(int count) {
            try {
                Files.createDirectories(dbDir);
                for (int i = 0; i < count; i++) {
                    Files.createDirectories(partDir(i));
                    try (Connection conn = DriverManager.getConnection(url(i, false), "", "")) {
                        runScript(conn, "schema/h2/h2-create-schema.sql");
                    }
                }
            } catch (IOException | SQLException e) {
                throw new RecoveryException("cannot create the recovery partitions in " + dbDir + ": " + e.getMessage(), e);
            }
        }

        /**
         * Opens the partition's file read-only (H2 then neither locks it for writing, nor repairs, nor
         * creates it) to tell a locked, damaged or foreign file from a good one, and checks that the
         * file, its directory and its disk can take writes.
         */
        @Override
        void checkOpenable(int part) {
            Path dir = partDir(part);
            Path file = dir.resolve("journal.mv.db");
            String where = "recovery partition " + dir;
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                String known = StoreFault.describe(e);
                throw new RecoveryException(where + " " + (known != null ? known : "cannot be read: " + e), e);
            }
            if (size == 0) {
                throw new RecoveryException(where + " is empty: its file journal.mv.db has 0 bytes (it was emptied);"
                        + " restore the partition from a backup");
            }
            if (!Files.isReadable(file)) {
                throw new RecoveryException(where + " cannot be read: permission denied on " + file
                        + "; give this user read and write access to the recovery directory");
            }
            if (lockedElsewhere(file)) {
                throw new RecoveryException(where + " " + StoreFault.lockedByAnotherRun());
            }
            String truncated = truncation(file, size);
            if (truncated != null) {
                throw new RecoveryException(where + " is damaged: journal.mv.db is truncated (" + truncated
                        + "); restore the partition from a backup");
            }
            String url = "jdbc:h2:file:" + dir.resolve("journal") + ";IFEXISTS=TRUE;ACCESS_MODE_DATA=r";
            try (Connection conn = DriverManager.getConnection(url, "", "")) {
                List<String> missing = new ArrayList<>(JOURNAL_TABLES);
                try (ResultSet rs = conn.getMetaData().getTables(null, "PUBLIC", null, new String[] {"TABLE"})) {
                    while (rs.next()) {
                        missing.remove(rs.getString("TABLE_NAME"));
                    }
                }
                if (!missing.isEmpty()) {
                    throw new RecoveryException(where + " is not a Waxwing recovery partition: journal.mv.db is an H2"
                            + " database without the journal's tables " + missing + "; point --recovery-dir at a"
                            + " directory made by `recovery init`");
                }
            } catch (SQLException e) {
                throw new RecoveryException(where + " " + StoreFault.describeOpen(e, startsWithHeader(file)), e);
            }
            if (!Files.isWritable(file) || !Files.isWritable(dir)) {
                throw new RecoveryException(where + " is read-only: " + (Files.isWritable(file) ? dir : file)
                        + " cannot be written; a recovery partition must be writable (check its permissions, and"
                        + " that its file system is mounted read-write)");
            }
            long minFree = settings.getBytes("h2.min-free-space");
            long free;
            try {
                free = Files.getFileStore(file).getUsableSpace();
            } catch (IOException e) {
                throw new RecoveryException(where + " cannot be read: " + e, e);
            }
            if (free < minFree) {
                throw new RecoveryException(where + " cannot be written: the disk is full (" + free + " bytes free,"
                        + " less than waxwing.recovery.h2.min-free-space = " + minFree + "); free some space on the"
                        + " disk that holds it and run again");
            }
        }

        @Override
        String diagnoseFailure(int part) {
            Path file = partDir(part).resolve("journal.mv.db");
            try {
                long free = Files.getFileStore(file).getUsableSpace();
                // A write failed: with this little space left, for want of space.
                if (free < Math.max(settings.getBytes("h2.min-free-space"), FULL_AFTER_A_FAILED_WRITE)) {
                    return "cannot be written: the disk is full (" + free + " bytes free); free some space on the disk"
                            + " that holds it and run again";
                }
            } catch (IOException e) {
                return null;
            }
            if (!Files.isWritable(file) || !Files.isWritable(partDir(part))) {
                return "is read-only: " + (Files.isWritable(file) ? partDir(part) : file) + " cannot be written";
            }
            return null;
        }

        /**
         * Whether another process holds H2's lock on {@code file}: H2 locks the whole file while a
         * database has it open. Asking for a shared lock answers at once, where H2 itself would
         * retry, and writes nothing.
         */
        private static boolean lockedElsewhere(Path file) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
                if (lock == null) {
                    return true;
                }
                lock.release();
                return false;
            } catch (OverlappingFileLockException e) {
                // This JVM has the partition open already; H2 shares a database within one JVM.
                return false;
            } catch (IOException e) {
                // Not every file system supports locks; H2's own open below tells a locked file then.
                return false;
            }
        }

        /**
         * Why {@code file} must have been cut short, or {@code null}: H2's store header names the
         * block of a chunk the file holds, and that chunk's header its length in blocks.
         */
        private static String truncation(Path file, long size) {
            Map<String, String> header = headerFields(file, 0);
            if (header == null) {
                header = headerFields(file, 4096);
            }
            if (header == null || !header.containsKey("block") || !header.containsKey("blockSize")) {
                return null;
            }
            long blockSize;
            long block;
            try {
                blockSize = Long.parseLong(header.get("blockSize"), 16);
                block = Long.parseLong(header.get("block"), 16);
            } catch (NumberFormatException e) {
                return null;
            }
            long chunkStart = block * blockSize;
            if (blockSize <= 0 || size < chunkStart + blockSize) {
                return "it has " + size + " bytes but its header names a chunk at byte " + chunkStart;
            }
            Map<String, String> chunk = headerFields(file, chunkStart);
            if (chunk == null || !chunk.containsKey("len")) {
                return null;
            }
            try {
                long end = chunkStart + Long.parseLong(chunk.get("len"), 16) * blockSize;
                return size < end ? "it has " + size + " bytes but its chunk at byte " + chunkStart + " ends at byte "
                        + end : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        /**
         * The {@code key:value,...} fields of the H2 header (store or chunk) at {@code offset}, or
         * {@code null} when there is none there.
         */
        private static Map<String, String> headerFields(Path file, long offset) {
            byte[] buf = new byte[256];
            int n;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                n = channel.read(ByteBuffer.wrap(buf), offset);
            } catch (IOException e) {
                return null;
            }
            if (n <= 0) {
                return null;
            }
            String text = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            int end = 0;
            while (end < text.length() && text.charAt(end) >= ' ' && text.charAt(end) <= '~') {
                end++;
            }
            Map<String, String> fields = new HashMap<>();
            for (String field : text.substring(0, end).strip().split(",")) {
                int colon = field.indexOf(':');
                if (colon > 0) {
                    fields.put(field.substring(0, colon), field.substring(colon + 1));
                }
            }
            return fields.containsKey("H") || fields.containsKey("chunk") ? fields : null;
        }

        /** Whether {@code file} starts with an H2 store header (either of its two copies, 4 KiB apart). */
        private static boolean startsWithHeader(Path file) {
            byte[] head = new byte[4096 + 4];
            try (InputStream in = Files.newInputStream(file)) {
                int n = in.readNBytes(head, 0, head.length);
                return startsWith(head, 0, n) || startsWith(head, 4096, n);
            } catch (IOException e) {
                return false;
            }
        }

        private static boolean startsWith(byte[] head, int at, int length) {
            return length >= at + 4 && head[at] == 'H' && head[at + 1] == ':' && head[at + 2] == '2' && head[at + 3] == ',';
        }

        @Override
        String persistenceId(int part) {
            // Independent of the directory's path, so that partitions can be moved or restored elsewhere.
            return "waxwing-recovery-part-" + part;
        }

        @Override
        String journalPluginId(int part) {
            return pluginPrefix + "-part-" + part + "-journal";
        }

        @Override
        String snapshotPluginId(int part) {
            return pluginPrefix + "-part-" + part + "-snapshot";
        }

        @Override
        String location(int part) {
            return partDir(part).toString();
        }

        @Override
        Map<String, Object> slickSettings(int part) {
            return pool("slick.jdbc.H2Profile$", "org.h2.Driver", url(part, true), "", "",
                    settings.getInt("h2.connections"), settings.getDuration("h2.connection-timeout").toMillis());
        }
    }

    /**
     * Every partition in one PostgreSQL database, with persistence ids
     * {@code waxwing-recovery:<namespace>:part-<i>}; the namespace defaults to the recovery
     * directory's absolute path, so two stores with different directories do not mix.
     */
    static final class Postgres extends JournalBackend {
        private final String prefix;

        Postgres(Path dbDir, Config settings) {
            super(dbDir, settings);
            String ns = settings.getString("postgres.namespace");
            this.prefix = "waxwing-recovery:" + (ns.isEmpty() ? this.dbDir.toString() : ns) + ":part-";
            if (settings.getString("postgres.url").isEmpty()) {
                throw new RecoveryException("waxwing.recovery.journal = postgres needs waxwing.recovery.postgres.url"
                        + " (see conf/recovery-postgres.conf)");
            }
        }

        private Connection connect() throws SQLException {
            return DriverManager.getConnection(settings.getString("postgres.url"),
                    settings.getString("postgres.user"), settings.getString("postgres.password"));
        }

        @Override
        SortedSet<Integer> presentPartitions() {
            SortedSet<Integer> out = new TreeSet<>();
            try (Connection conn = connect()) {
                if (!schemaExists(conn)) {
                    return out;
                }
                String sql = "SELECT DISTINCT persistence_id FROM public.event_journal WHERE persistence_id LIKE ?"
                        + " UNION SELECT DISTINCT persistence_id FROM public.snapshot WHERE persistence_id LIKE ?";
                try (PreparedStatement st = conn.prepareStatement(sql)) {
                    String like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
                    st.setString(1, like);
                    st.setString(2, like);
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            String tail = rs.getString(1).substring(prefix.length());
                            if (tail.matches("\\d+")) {
                                out.add(Integer.parseInt(tail));
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                throw new RecoveryException("cannot read the recovery partitions from PostgreSQL at "
                        + settings.getString("postgres.url") + ": " + e.getMessage(), e);
            }
            return out;
        }

        private static boolean schemaExists(Connection conn) throws SQLException {
            try (Statement st = conn.createStatement();
                    ResultSet rs = st.executeQuery("SELECT to_regclass('public.event_journal') IS NOT NULL")) {
                rs.next();
                return rs.getBoolean(1);
            }
        }

        @Override
        void createPartitions(int count) {
            try (Connection conn = connect()) {
                if (!schemaExists(conn)) {
                    conn.setAutoCommit(true);
                    runScript(conn, "schema/postgres/postgres-create-schema.sql");
                }
            } catch (SQLException e) {
                throw new RecoveryException("cannot create the journal tables in PostgreSQL at "
                        + settings.getString("postgres.url") + ": " + e.getMessage(), e);
            }
        }

        @Override
        String persistenceId(int part) {
            return prefix + part;
        }

        @Override
        String journalPluginId(int part) {
            return "waxwing-recovery-postgres-journal";
        }

        @Override
        String snapshotPluginId(int part) {
            return "waxwing-recovery-postgres-snapshot";
        }

        @Override
        String location(int part) {
            return persistenceId(part) + " in " + settings.getString("postgres.url");
        }

        @Override
        Map<String, Object> slickSettings(int part) {
            return pool("slick.jdbc.PostgresProfile$", "org.postgresql.Driver", settings.getString("postgres.url"),
                    settings.getString("postgres.user"), settings.getString("postgres.password"),
                    settings.getInt("postgres.connections"),
                    settings.getDuration("postgres.connection-timeout").toMillis());
        }
    }
}
