package io.cartographus.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory must not grow with the database: a zstd backup and a restore of the benchmark database by
 * the CLI in a JVM limited to a 256 MiB heap, each run as its own process.
 */
final class SmallHeap {
    static final String HEAP = "-Xmx256m";
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"(\\d{8}-\\d{6}-database(?:-\\d+)?)\"");

    record Result(boolean backupOk, boolean restoreOk, double backupSeconds, double restoreSeconds, long backupPeakRss,
                  long restorePeakRss, String failure) {
        boolean ok() {
            return backupOk && restoreOk;
        }
    }

    private SmallHeap() {
    }

    static Result run(Workspace ws, Path backupDir) {
        ChildJvm jvm = new ChildJvm(List.of(HEAP));
        Map<String, String> env = new HashMap<>();
        env.put("DATA_DIR", ws.data().toString());
        env.put("BACKUP_DIR", backupDir.toString());
        env.put("BACKUP_COMPRESSION_ALGORITHM", "zstd");
        env.put("BACKUP_COMPRESSION_LEVEL", "3");
        env.put("BACKUP_VERIFY", "false");
        env.put("BACKUP_SCHEDULE_ENABLED", "false");
        ChildJvm.Result backup = jvm.run(ws.work(), env, "backup", "create", "--type", "database", "--offline", "--json");
        Matcher id = ID.matcher(backup.output());
        if (!backup.ok() || !id.find()) {
            return new Result(false, false, backup.nanos() / 1e9, Double.NaN, backup.peakRssBytes(), -1,
                    "backup exited with " + backup.exitCode() + ": " + tail(backup.output()));
        }
        ChildJvm.Result restore = jvm.run(ws.work(), env, "backup", "restore", id.group(1), "--offline", "--no-pre-restore-backup", "--json");
        return new Result(true, restore.ok(), backup.nanos() / 1e9, restore.nanos() / 1e9, backup.peakRssBytes(), restore.peakRssBytes(),
                restore.ok() ? null : "restore exited with " + restore.exitCode() + ": " + tail(restore.output()));
    }

    private static String tail(String s) {
        String t = s.strip();
        return t.length() > 400 ? "…" + t.substring(t.length() - 400) : t;
    }
}
