package io.cartographus.e2e;

import io.cartographus.database.TableStats;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A data directory as bytes: the SHA-256 of every file and the list of directories, except the
 * files that legitimately change while nothing happens (audit.log grows with every rejected
 * credential; DuckDB may rewrite its file on a checkpoint, so its tables are compared by rows and
 * content fingerprint instead, with the engine's own {@link TableStats}).
 */
final class DataDirState {
    static final Set<String> CHANGING = Set.of("audit.log", "cartographus.duckdb", "cartographus.duckdb.wal");

    private DataDirState() {
    }

    static Map<String, String> hashes(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(dir)) {
            return out;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                String name = dir.relativize(p).toString();
                if (CHANGING.contains(name)) {
                    continue;
                }
                out.put(name, Files.isDirectory(p) ? "directory" : sha256(p));
            }
        }
        return out;
    }

    /** Rows and content fingerprint of every table; the database must not be open in another process. */
    static Map<String, TableStats> tables(Path database) throws SQLException {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + database, readOnly)) {
            return TableStats.compute(c);
        }
    }

    private static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
