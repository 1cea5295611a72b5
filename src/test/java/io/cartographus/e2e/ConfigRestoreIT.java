package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration restore through the real jar writes only what the backup's configuration set on
 * purpose and says what changes (docs/design.md §6): a one-off {@code BACKUP_SCHEDULE_ENABLED=false}
 * comes back as exactly that one change; a backup taken with the defaults changes nothing; the next
 * start names every value that came from config.env.
 */
class ConfigRestoreIT {
    private static final String T = AppProcess.ADMIN;

    @TempDir
    Path tmp;

    @Test
    void a_config_restore_writes_only_explicit_settings_and_lists_each_change() throws Exception {
        Path data = tmp.resolve("data");
        String withScheduleOff;
        String withDefaults;
        // AppProcess sets BACKUP_SCHEDULE_ENABLED=false explicitly, as an operator would for a day.
        try (AppProcess app = new AppProcess(data).withAdminToken().start()) {
            assertThat(app.post("/api/v1/sync", T, Events.batch(20, 0)).status()).isEqualTo(200);
            withScheduleOff = created(app, "schedule switched off that day");
            JsonNode doc = configDocument(app, withScheduleOff);
            assertThat(doc.path("environment").path("BACKUP_SCHEDULE_ENABLED").asText()).isEqualTo("false");
            assertThat(StreamSupport.stream(doc.path("explicit").spliterator(), false).map(JsonNode::asText).toList())
                    .contains("BACKUP_SCHEDULE_ENABLED").doesNotContain("BACKUP_INTERVAL", "CARTOGRAPHUS_ADMIN_TOKEN");
        }
        AppProcess defaults = new AppProcess(data).withAdminToken();
        defaults.env.remove("BACKUP_SCHEDULE_ENABLED");
        try (AppProcess app = defaults.start()) {
            withDefaults = created(app, "defaults");

            JsonNode preview = ok(app.post("/api/v1/backup/restore/" + withScheduleOff, T,
                    Map.of("restore_database", false, "restore_config", true, "validate_only", true)));
            assertThat(preview.path("config_changes")).as(preview.toString()).hasSize(1);
            assertThat(change(preview, 0)).isEqualTo(List.of("BACKUP_SCHEDULE_ENABLED", "true", "false"));
            assertThat(data.resolve("config.env")).as("validate_only writes nothing").doesNotExist();

            JsonNode none = ok(app.post("/api/v1/backup/restore/" + withDefaults, T, Map.of("restore_database", false)));
            assertThat(none.path("config_restored").asBoolean()).isTrue();
            assertThat(none.path("config_changes")).as(none.toString()).isEmpty();
            assertThat(none.path("warnings").toString()).contains("nothing changes at the next start");
            assertThat(data.resolve("config.env")).as("nothing explicit, nothing to write").doesNotExist();

            JsonNode restored = ok(app.post("/api/v1/backup/restore/" + withScheduleOff, T, Map.of("restore_database", false)));
            assertThat(restored.path("restart_required").asBoolean()).isTrue();
            assertThat(restored.path("config_changes")).as(restored.toString()).hasSize(1);
            assertThat(change(restored, 0)).isEqualTo(List.of("BACKUP_SCHEDULE_ENABLED", "true", "false"));
            assertThat(settings(data)).containsExactly("BACKUP_SCHEDULE_ENABLED=false");
        }
        try (AppProcess app = defaults.start()) {
            assertThat(app.logText()).contains("configuration: BACKUP_SCHEDULE_ENABLED=false from " + data.resolve("config.env"));
            // The CLI shows the same change the other way round: the defaults' backup puts the schedule back on.
            AppProcess.CliResult cli = AppProcess.cli(new HashMap<>(app.env), "backup", "restore", withDefaults,
                    "--restore-database", "false", "--yes");
            assertThat(cli.exit()).as(cli.out() + cli.err()).isZero();
            assertThat(cli.out()).contains("configuration changes at the next start:").contains("BACKUP_SCHEDULE_ENABLED: false → true");
            assertThat(settings(data)).as("config.env emptied: the setting goes back to its default").isEmpty();
        }
    }

    private static String created(AppProcess app, String notes) throws Exception {
        // With the schedule on, the scheduler may be taking its own first backup: wait for the lock.
        AppProcess.Response[] made = new AppProcess.Response[1];
        Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> {
            made[0] = app.post("/api/v1/backup/create", T, Map.of("type", "full", "notes", notes));
            return made[0].status() != 409;
        });
        return ok(made[0]).path("id").asText();
    }

    private static JsonNode configDocument(AppProcess app, String id) throws Exception {
        Path archive = app.dataDir.resolve("backups").resolve(app.get("/api/v1/backup/" + id, T).json().path("file_name").asText());
        Path out = Files.createTempDirectory(app.dataDir.getParent(), "unpacked");
        Sh.ok(out, Map.of(), "tar -xzf '" + archive + "' config/config.json");
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("config/config.json").toFile());
    }

    private static List<String> change(JsonNode r, int i) {
        JsonNode c = r.path("config_changes").path(i);
        return List.of(c.path("name").asText(), c.path("from").asText(), c.path("to").asText());
    }

    /** The settings lines of config.env, without its comments. */
    private static List<String> settings(Path data) throws Exception {
        return Files.readAllLines(data.resolve("config.env")).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    private static JsonNode ok(AppProcess.Response r) throws Exception {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }
}
