package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI shows and asks, with the real jar: in a terminal (a pseudo-terminal from util-linux
 * {@code script}) a restore prints its plan and asks; {@code --yes} and a pipe do not ask; a
 * damaged live database is restored over on the first try; a missing DATA_DIR creates nothing.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RestorePromptIT {
    @TempDir
    Path tmp;

    @Test
    void a_missing_data_directory_creates_nothing_and_says_which_one_was_tried() throws Exception {
        Path missing = tmp.resolve("nowhere");
        AppProcess.CliResult r = AppProcess.cli(Map.of("DATA_DIR", missing.toString()), "backup", "list", "--offline");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains(missing.toString()).contains("does not exist").contains("DATA_DIR");
        assertThat(missing).doesNotExist();
    }

    @Test
    void a_terminal_restore_shows_the_plan_and_asks_and_yes_does_not_ask_and_a_broken_database_is_restored_first_time() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        Map<String, String> env = Map.of("DATA_DIR", data.toString(), "BACKUP_SCHEDULE_ENABLED", "false");
        assertThat(AppProcess.cli(env, "demo", "seed", "--offline", "--events=300").exit()).isZero();
        assertThat(AppProcess.cli(env, "backup", "create", "--offline").exit()).isZero();
        long archives = archives(data);

        AppProcess.CliResult planned = AppProcess.cli(env, "backup", "restore", "latest", "--dry-run", "--offline");
        assertThat(planned.exit()).as(planned.err()).isZero();
        assertThat(planned.out()).contains("restore plan:").contains("300 records").contains("pre-restore backup")
                .contains("dry run: nothing was changed");

        AppProcess.CliResult declined = inTerminal(env, "n\n", "backup", "restore", "latest", "--offline");
        assertThat(declined.out()).contains("restore plan:").contains("Proceed? [y/N]").contains("cancelled: nothing was changed");
        assertThat(declined.exit()).isEqualTo(1);
        assertThat(archives(data)).as("no safety backup was taken").isEqualTo(archives);

        assertThat(interruptedAtThePrompt(env)).isEqualTo(130);
        assertThat(archives(data)).as("Ctrl-C at the prompt changes nothing").isEqualTo(archives);

        AppProcess.CliResult yes = inTerminal(env, "", "backup", "restore", "latest", "--offline", "--yes");
        assertThat(yes.out()).doesNotContain("Proceed?").contains("restored ");
        assertThat(yes.exit()).as(yes.out()).isZero();

        AppProcess.CliResult validated = AppProcess.cli(env, "backup", "restore", "latest", "--validate-only", "--offline");
        assertThat(validated.out()).contains("validated ").contains("nothing restored");

        Path db = data.resolve("cartographus.duckdb");
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek(0);
            f.write(new byte[8192]);
        }
        byte[] damaged = Files.readAllBytes(db);
        AppProcess.CliResult overBroken = AppProcess.cli(env, "backup", "restore", "latest", "--offline");
        assertThat(overBroken.exit()).as(overBroken.out() + overBroken.err()).isZero();
        assertThat(overBroken.err()).contains("kept aside");
        assertThat(overBroken.out()).contains("restored ").contains("records_restored=300");
        try (Stream<Path> files = Files.list(data)) {
            Path kept = files.filter(p -> p.getFileName().toString().startsWith("cartographus.duckdb.replaced-")).findFirst().orElseThrow();
            assertThat(kept).hasBinaryContent(damaged);
        }
    }

    /** Ctrl-C (SIGINT to the JVM) while it asks: the exit code the shell sees. */
    private static int interruptedAtThePrompt(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of("script", "-qec", String.join(" ", AppProcess.javaJar("backup", "restore", "latest", "--offline")), "/dev/null")).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        StringBuilder seen = new StringBuilder();
        byte[] buf = new byte[4096];
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!seen.toString().contains("Proceed?") && System.nanoTime() < deadline) {
            int n = p.getInputStream().read(buf);
            if (n < 0) {
                break;
            }
            seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        assertThat(seen.toString()).contains("Proceed?");
        ProcessHandle jvm = p.descendants().filter(h -> h.info().command().orElse("").endsWith("java")).findFirst().orElseThrow();
        new ProcessBuilder("kill", "-INT", Long.toString(jvm.pid())).start().waitFor();
        String rest = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(1, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("the CLI did not end on SIGINT");
        }
        assertThat(rest).contains("cancelled");
        return p.exitValue();
    }

    @Test
    void a_dry_run_through_the_api_returns_the_plan_and_changes_nothing() throws Exception {
        Path data = tmp.resolve("served");
        try (AppProcess app = new AppProcess(data).withAdminToken().start()) {
            assertThat(app.post("/api/v1/sync", AppProcess.ADMIN, Events.batch(25, 0)).status()).isEqualTo(200);
            AppProcess.Response created = app.post("/api/v1/backup/create", AppProcess.ADMIN, Map.of("type", "full"));
            assertThat(created.status()).as(created.text()).isBetween(200, 202);
            String id = created.json().path("id").asText();
            long before = archives(data);
            AppProcess.Response plan = app.post("/api/v1/backup/restore/latest", AppProcess.ADMIN, Map.of("dry_run", true));
            assertThat(plan.status()).as(plan.text()).isEqualTo(200);
            assertThat(plan.json().path("plan").path("safety").asText()).isEqualTo("PRE_RESTORE_BACKUP");
            assertThat(plan.json().path("plan").path("live_records").asLong()).isEqualTo(25);
            assertThat(plan.json().path("database_restored").asBoolean()).isFalse();
            assertThat(archives(data)).isEqualTo(before);
            AppProcess.Response refused = app.post("/api/v1/backup/restore/" + id, AppProcess.ADMIN,
                    Map.of("dry_run", true, "stop_services", false));
            assertThat(refused.status()).as(refused.text()).isEqualTo(400);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> Files.readString(data.resolve("audit.log")).contains("backup.restore.plan"));
        }
    }

    private static long archives(Path data) throws IOException {
        try (Stream<Path> files = Files.list(data.resolve("backups"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".sha256")).count();
        }
    }

    /** Runs the CLI with a pseudo-terminal as stdin and stdout, typing {@code input}; stdout and stderr are merged, as on a screen. */
    private static AppProcess.CliResult inTerminal(Map<String, String> env, String input, String... args) throws Exception {
        String cmd = String.join(" ", AppProcess.javaJar(args));
        ProcessBuilder pb = new ProcessBuilder(List.of("script", "-qec", cmd, "/dev/null")).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("CLI did not finish: " + cmd);
        }
        return new AppProcess.CliResult(p.exitValue(), new String(out, StandardCharsets.UTF_8), "");
    }
}
