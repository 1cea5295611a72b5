package io.cartographus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Precedence of the layers (docs/design.md §2) with real files: environment > dotenv > DATA_DIR/config.env > default. */
class ConfigSourcesTest {
    @TempDir
    Path wd;

    private LoadedConfig load(Map<String, String> env) {
        return ConfigLoader.load(env, wd);
    }

    private void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @ParameterizedTest(name = "env={0} .env={1} config.env={2} -> {3}")
    @CsvSource({
            "true,  true,  true,  11",
            "true,  false, false, 11",
            "true,  false, true,  11",
            "false, true,  true,  12",
            "false, true,  false, 12",
            "false, false, true,  13",
            "false, false, false, 2"})
    void the_environment_wins_over_dotenv_which_wins_over_config_env_which_wins_over_the_default(
            boolean inEnv, boolean inDotenv, boolean inConfigEnv, int expectedHour) throws Exception {
        Map<String, String> env = new HashMap<>();
        if (inEnv) {
            env.put("BACKUP_PREFERRED_HOUR", "11");
        }
        if (inDotenv) {
            write(wd.resolve(".env"), "BACKUP_PREFERRED_HOUR=12\n");
        }
        if (inConfigEnv) {
            write(wd.resolve("data/config.env"), "BACKUP_PREFERRED_HOUR=13\n");
        }
        assertThat(load(env).config().backup().schedule().preferredHour()).isEqualTo(expectedHour);
    }

    @Test
    void layers_merge_variable_by_variable() throws Exception {
        write(wd.resolve(".env"), "BACKUP_TYPE=database\nBACKUP_PREFERRED_HOUR=12\n");
        write(wd.resolve("data/config.env"), "BACKUP_TYPE=config\nBACKUP_COMPRESSION_LEVEL=9\nBACKUP_VERIFY=false\n");
        AppConfig c = load(Map.of("BACKUP_VERIFY", "true")).config();
        assertThat(c.backup().schedule().type().label()).isEqualTo("database");
        assertThat(c.backup().schedule().preferredHour()).isEqualTo(12);
        assertThat(c.backup().compression().level()).isEqualTo(9);
        assertThat(c.backup().verify()).isTrue();
    }

    @Test
    void config_env_is_read_from_the_data_dir_that_env_or_dotenv_names() throws Exception {
        Path data = wd.resolve("elsewhere");
        write(data.resolve("config.env"), "BACKUP_PREFERRED_HOUR=5\n");
        write(wd.resolve("data/config.env"), "BACKUP_PREFERRED_HOUR=6\n");
        assertThat(load(Map.of("DATA_DIR", data.toString())).config().backup().schedule().preferredHour()).isEqualTo(5);
        write(wd.resolve(".env"), "DATA_DIR=./elsewhere\n");
        assertThat(load(Map.of()).config().backup().schedule().preferredHour()).isEqualTo(5);
    }

    @Test
    void cartographus_env_file_replaces_dot_env_and_is_relative_to_the_working_directory() throws Exception {
        write(wd.resolve(".env"), "BACKUP_PREFERRED_HOUR=12\n");
        write(wd.resolve("conf/prod.env"), "BACKUP_PREFERRED_HOUR=20\n");
        assertThat(load(Map.of("CARTOGRAPHUS_ENV_FILE", "conf/prod.env")).config().backup().schedule().preferredHour())
                .isEqualTo(20);
        assertThat(load(Map.of("CARTOGRAPHUS_ENV_FILE", wd.resolve("conf/prod.env").toString())).config()
                .backup().schedule().preferredHour()).isEqualTo(20);
    }

    @Test
    void says_when_a_dot_env_in_the_working_directory_is_skipped_for_the_named_file() throws Exception {
        write(wd.resolve(".env"), "BACKUP_PREFERRED_HOUR=12\n");
        write(wd.resolve("conf/prod.env"), "BACKUP_PREFERRED_HOUR=20\n");
        assertThat(load(Map.of("CARTOGRAPHUS_ENV_FILE", "conf/prod.env")).warnings()).contains(wd.resolve(".env")
                + " is ignored because CARTOGRAPHUS_ENV_FILE names " + wd.resolve("conf/prod.env"));
        assertThat(load(Map.of("CARTOGRAPHUS_ENV_FILE", ".env")).warnings()).noneMatch(w -> w.contains("is ignored"));
    }

    @Test
    void a_named_dotenv_file_that_is_missing_is_an_error() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load(Map.of("CARTOGRAPHUS_ENV_FILE", "missing.env", "HTTP_PORT", "x")));
        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(0)).isEqualTo("CARTOGRAPHUS_ENV_FILE=missing.env: accepted the path of an existing"
                + " dotenv file (not found: " + wd.resolve("missing.env") + ")");
    }

    @Test
    void a_missing_dot_env_in_the_working_directory_is_fine() {
        assertThat(load(Map.of()).config().host().httpPort()).isEqualTo(3857);
    }

    @Test
    void malformed_dotenv_lines_are_reported_with_file_and_line_together_with_other_problems() throws Exception {
        write(wd.resolve(".env"), "BACKUP_TYPE=database\nBACKUP_ENCRYPTION_KEY=\"unterminated-secret-0123456789abcdef\n"
                + "BACKUP_PREFERRED_HOUR=99\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of("HTTP_PORT", "-5")));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                wd.resolve(".env") + " line 2: unterminated double-quoted value of BACKUP_ENCRYPTION_KEY",
                "BACKUP_PREFERRED_HOUR=99: accepted an integer from 0 to 23 (hour of the day on a 24-hour clock)"
                        + " (set in " + wd.resolve(".env") + ")",
                "HTTP_PORT=-5: accepted an integer from 0 to 65535 (0 picks a free port)");
        assertThat(e.getMessage()).doesNotContain("unterminated-secret");
    }

    @Test
    void a_bad_value_in_config_env_names_that_file() throws Exception {
        write(wd.resolve("data/config.env"), "BACKUP_TYPE=weekly\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of()));
        assertThat(e.problems()).containsExactly("BACKUP_TYPE=weekly: accepted one of full, database, config (set in "
                + wd.resolve("data/config.env") + ")");
    }

    @Test
    void a_dotenv_file_that_is_not_text_is_an_error() throws Exception {
        Files.write(wd.resolve(".env"), new byte[] {'A', '=', (byte) 0xC3, (byte) 0x28, '\n'});
        assertThat(assertThrows(ConfigException.class, () -> load(Map.of())).problems())
                .containsExactly(wd.resolve(".env") + ": accepted UTF-8 text, found bytes that are not");
    }

    @Test
    void a_huge_dotenv_file_is_refused_as_probably_the_wrong_file() throws Exception {
        write(wd.resolve("big.env"), "# " + "x".repeat(1 << 20) + "\n");
        assertThat(assertThrows(ConfigException.class, () -> load(Map.of("CARTOGRAPHUS_ENV_FILE", "big.env")))
                .getMessage()).contains("at most 1 MiB");
    }

    @Test
    void locations_in_config_env_are_ignored_with_a_warning() throws Exception {
        write(wd.resolve("data/config.env"), "DATA_DIR=/old/data\nDUCKDB_PATH=/old/data/cartographus.duckdb\n"
                + "BACKUP_DIR=/old/data/backups\nBACKUP_PREFERRED_HOUR=4\n");
        LoadedConfig loaded = load(Map.of());
        assertThat(loaded.config().host().dataDir()).isEqualTo(wd.resolve("data"));
        assertThat(loaded.config().host().duckdbPath()).isEqualTo(wd.resolve("data/cartographus.duckdb"));
        assertThat(loaded.config().backup().backupDir()).isEqualTo(wd.resolve("data/backups"));
        assertThat(loaded.config().backup().schedule().preferredHour()).isEqualTo(4);
        String source = wd.resolve("data/config.env").toString();
        assertThat(loaded.warnings()).contains(
                "DATA_DIR=/old/data in " + source + " is ignored, " + wd.resolve("data") + " is used: locations are"
                        + " only taken from the environment or the dotenv file",
                "DUCKDB_PATH=/old/data/cartographus.duckdb in " + source + " is ignored, "
                        + wd.resolve("data/cartographus.duckdb") + " is used: locations are only taken from the"
                        + " environment or the dotenv file");
    }

    @Test
    void locations_in_config_env_that_match_cause_no_warning() throws Exception {
        Path data = wd.resolve("data");
        write(data.resolve("config.env"), "DATA_DIR=" + data + "\nDUCKDB_PATH=" + data.resolve("cartographus.duckdb")
                + "\nBACKUP_DIR=" + data.resolve("backups") + "\n");
        assertThat(load(Map.of()).warnings()).noneMatch(w -> w.contains("is ignored"));
    }

    @Test
    void cartographus_env_file_inside_a_dotenv_file_is_ignored_with_a_warning() throws Exception {
        write(wd.resolve(".env"), "CARTOGRAPHUS_ENV_FILE=other.env\n");
        assertThat(load(Map.of()).warnings()).contains("CARTOGRAPHUS_ENV_FILE in " + wd.resolve(".env")
                + " is ignored: it can only name the dotenv file from the environment");
    }

    @Test
    void unknown_backup_variables_are_reported_as_likely_typos() throws Exception {
        write(wd.resolve(".env"), "BACKUP_RETENTION_MAXDAYS=30\nOTHER_APP_SETTING=1\n");
        LoadedConfig loaded = load(Map.of("BACKUP_INTERVALL", "12h"));
        assertThat(loaded.warnings()).contains(
                "BACKUP_INTERVALL (in the environment) is not a known variable and is ignored; check its spelling",
                "BACKUP_RETENTION_MAXDAYS (in " + wd.resolve(".env") + ") is not a known variable and is ignored;"
                        + " check its spelling");
        assertThat(loaded.warnings()).noneMatch(w -> w.contains("OTHER_APP_SETTING"));
    }
}
