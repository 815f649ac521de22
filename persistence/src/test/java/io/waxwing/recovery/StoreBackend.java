package io.waxwing.recovery;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The journals the store tests run against: the embedded H2 files, and a real PostgreSQL server
 * when {@code WAXWING_TEST_POSTGRES_URL} (with {@code _USER} and {@code _PASSWORD}) is set.
 */
enum StoreBackend {
    H2,
    POSTGRES;

    static final String URL = System.getenv("WAXWING_TEST_POSTGRES_URL");
    static final String USER = System.getenv().getOrDefault("WAXWING_TEST_POSTGRES_USER", "");
    static final String PASSWORD = System.getenv().getOrDefault("WAXWING_TEST_POSTGRES_PASSWORD", "");

    void assumeAvailable() {
        if (this == POSTGRES) {
            Assumptions.assumeTrue(URL != null && !URL.isBlank(),
                    "WAXWING_TEST_POSTGRES_URL is not set; PostgreSQL tests skipped (see .ci/postgres-setup.sh)");
        }
    }

    Config config(Map<String, Object> extra) {
        Map<String, Object> m = new HashMap<>(extra);
        if (this == POSTGRES) {
            m.put("waxwing.recovery.journal", "postgres");
            m.put("waxwing.recovery.postgres.url", URL);
            m.put("waxwing.recovery.postgres.user", USER);
            m.put("waxwing.recovery.postgres.password", PASSWORD);
            m.put("waxwing.recovery.postgres.connections", 4);
        }
        return ConfigFactory.parseMap(m).withFallback(ConfigFactory.load());
    }

    Config config() {
        return config(Map.of());
    }

    /** Journal rows (events) of partition {@code part} of the store in {@code dbDir}; the store must be closed. */
    long journalRows(Path dbDir, int part) throws SQLException {
        return count(dbDir, part, "event_journal");
    }

    long snapshotRows(Path dbDir, int part) throws SQLException {
        return count(dbDir, part, "snapshot");
    }

    private long count(Path dbDir, int part, String table) throws SQLException {
        if (this == H2) {
            String url = "jdbc:h2:file:" + dbDir.toAbsolutePath().normalize().resolve("part-" + part).resolve("journal")
                    + ";IFEXISTS=TRUE";
            try (Connection c = DriverManager.getConnection(url, "", "");
                    ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
                rs.next();
                return rs.getLong(1);
            }
        }
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
                PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM public." + table
                        + " WHERE persistence_id = ?")) {
            st.setString(1, postgresId(dbDir, part));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Deletes partition {@code part}, as a lost disk would. */
    void deletePartition(Path dbDir, int part) throws Exception {
        if (this == H2) {
            TestFiles.deleteTree(dbDir.resolve("part-" + part));
            return;
        }
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD)) {
            for (String table : new String[] {"event_journal", "snapshot"}) {
                try (PreparedStatement st = c.prepareStatement("DELETE FROM public." + table + " WHERE persistence_id = ?")) {
                    st.setString(1, postgresId(dbDir, part));
                    st.executeUpdate();
                }
            }
        }
    }

    private static String postgresId(Path dbDir, int part) {
        return "waxwing-recovery:" + dbDir.toAbsolutePath().normalize() + ":part-" + part;
    }
}
