package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every invalid configuration value, one at a time, given to {@code serve}: the process exits
 * non-zero with one line naming the variable (no stack trace, no secret echoed), and the data
 * directory is untouched — not even created when it did not exist.
 */
class BadConfigIT {
    /** Variable, bad value, and a secret the message must not repeat (or null). */
    record Bad(String name, String value, String secret) {
    }

    private static final List<Bad> CASES = List.of(
            new Bad("BACKUP_ENABLED", "maybe", null),
            new Bad("BACKUP_ENABLED", "", null),
            new Bad("BACKUP_DIR", "relative/backups", null),
            new Bad("BACKUP_SCHEDULE_ENABLED", "2", null),
            new Bad("BACKUP_INTERVAL", "10m", null),
            new Bad("BACKUP_INTERVAL", "-1h", null),
            new Bad("BACKUP_INTERVAL", "8761h", null),
            new Bad("BACKUP_INTERVAL", "daily", null),
            new Bad("BACKUP_PREFERRED_HOUR", "24", null),
            new Bad("BACKUP_PREFERRED_HOUR", "-1", null),
            new Bad("BACKUP_PREFERRED_HOUR", "two", null),
            new Bad("BACKUP_TYPE", "everything", null),
            new Bad("BACKUP_PRE_SYNC", "sometimes", null),
            new Bad("BACKUP_RETENTION_MIN_COUNT", "-1", null),
            new Bad("BACKUP_RETENTION_MAX_COUNT", "lots", null),
            new Bad("BACKUP_RETENTION_MAX_DAYS", "-5", null),
            new Bad("BACKUP_RETENTION_KEEP_RECENT_HOURS", "1e3", null),
            new Bad("BACKUP_RETENTION_KEEP_DAILY_DAYS", "100001", null),
            new Bad("BACKUP_RETENTION_KEEP_WEEKLY_WEEKS", "99999999999999999999", null),
            new Bad("BACKUP_RETENTION_KEEP_MONTHLY_MONTHS", "1.5", null),
            new Bad("BACKUP_COMPRESSION_ENABLED", "gzip", null),
            new Bad("BACKUP_COMPRESSION_LEVEL", "0", null),
            new Bad("BACKUP_COMPRESSION_LEVEL", "10", null),
            new Bad("BACKUP_COMPRESSION_ALGORITHM", "brotli", null),
            new Bad("BACKUP_ENCRYPTION_ENABLED", "si", null),
            new Bad("BACKUP_ENCRYPTION_KEY", "short-secret-k3y", "short-secret-k3y"),
            new Bad("BACKUP_ENCRYPTION_OLD_KEYS", "no-equals-sign-here-at-all-0123456789", "no-equals-sign-here-at-all-0123456789"),
            new Bad("BACKUP_NOTIFY_SUCCESS", "nope", null),
            new Bad("BACKUP_NOTIFY_FAILURE", "nope", null),
            new Bad("BACKUP_NOTIFY_CLEANUP", "nope", null),
            new Bad("BACKUP_WEBHOOK_URL", "ftp://user:hunter2@example.com/hook", "hunter2"),
            new Bad("BACKUP_WEBHOOK_URL", "not a url", null),
            new Bad("BACKUP_VERIFY", "perhaps", null),
            new Bad("BACKUP_TIMEZONE", "Mars/Olympus_Mons", null),
            new Bad("HTTP_PORT", "70000", null),
            new Bad("HTTP_PORT", "-1", null),
            new Bad("HTTP_HOST", "two words", null),
            new Bad("MAINTENANCE_MODE", "weekends", null),
            new Bad("LOG_DIR", "relative/logs", null),
            new Bad("CARTOGRAPHUS_ADMIN_TOKEN", "tooShort", "tooShort"),
            new Bad("BACKUP_OFFSITE_URL", "ftp://bucket/prefix", null));

    @TempDir
    Path tmp;

    @Test
    void each_invalid_value_stops_start_up_with_one_line_and_leaves_the_data_directory_alone() throws Exception {
        Path existing = tmp.resolve("data");
        AppProcess.CliResult seeded = AppProcess.cli(Map.of("DATA_DIR", existing.toString()), "demo", "seed", "--events", "100");
        assertThat(seeded.exit()).as(seeded.err()).isZero();
        Map<String, String> before = DataDirState.hashes(existing);
        long dbModified = Files.getLastModifiedTime(existing.resolve("cartographus.duckdb")).toMillis();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        Map<Bad, Future<String>> runs = new LinkedHashMap<>();
        for (int i = 0; i < CASES.size(); i++) {
            Bad bad = CASES.get(i);
            // Half the cases on the seeded directory, half on one that does not exist yet.
            Path dataDir = i % 2 == 0 ? existing : tmp.resolve("absent-" + i);
            runs.put(bad, pool.submit(() -> serve(bad, dataDir)));
        }
        List<String> failures = new ArrayList<>();
        for (Map.Entry<Bad, Future<String>> r : runs.entrySet()) {
            String problem = r.getValue().get(2, TimeUnit.MINUTES);
            if (problem != null) {
                failures.add(r.getKey().name() + "=" + r.getKey().value() + ": " + problem);
            }
        }
        pool.shutdown();
        assertThat(failures).isEmpty();
        assertThat(DataDirState.hashes(existing)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(existing.resolve("cartographus.duckdb")).toMillis()).isEqualTo(dbModified);
        try (var dirs = Files.list(tmp)) {
            assertThat(dirs.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("absent-"));
        }
        System.out.println("bad configuration: " + CASES.size() + " values refused, each with one line, data directory untouched");
    }

    /** Runs serve with one bad value; returns what is wrong with the outcome, or null. */
    private static String serve(Bad bad, Path dataDir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(AppProcess.javaJar("serve"));
        pb.environment().keySet().removeIf(k -> k.startsWith("BACKUP_") || k.startsWith("CARTOGRAPHUS_") || k.startsWith("HTTP_"));
        pb.environment().put("DATA_DIR", dataDir.toString());
        pb.environment().put("HTTP_HOST", "127.0.0.1");
        pb.environment().put("HTTP_PORT", "0");
        pb.environment().put(bad.name(), bad.value());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            return "still running after 60 s: the value was accepted";
        }
        if (p.exitValue() == 0) {
            return "exit 0";
        }
        List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
        if (lines.size() != 1) {
            return "expected one line on standard error, got " + lines.size() + ":\n" + err;
        }
        String line = lines.get(0);
        if (!line.contains(bad.name())) {
            return "the line does not name the variable: " + line;
        }
        if (bad.secret() != null && line.contains(bad.secret())) {
            return "the line repeats the secret: " + line;
        }
        if (line.contains("Exception") || line.contains("\tat ")) {
            return "a stack trace: " + line;
        }
        return null;
    }
}
