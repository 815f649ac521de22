package io.waxwing.recovery.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.waxwing.dataflow.KeyHash;
import io.waxwing.recovery.RecoveryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
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
