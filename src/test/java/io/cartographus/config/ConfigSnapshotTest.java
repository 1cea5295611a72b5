package io.cartographus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.config.Compression;
import io.cartographus.testing.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigSnapshotTest {
    /** Distinctive, so that finding it anywhere in an output proves a leak. */
    private static final String SECRET = "ZQX-distinctive-secret-7f3a9c1e5b2d";

    @TempDir
    Path wd;

    private static Map<String, String> secrets() {
        return Map.of(
                "BACKUP_ENCRYPTION_KEY", SECRET + "-current",
                "BACKUP_ENCRYPTION_OLD_KEYS", "v1=" + SECRET + "-old,v0=" + SECRET + "-older",
                "BACKUP_WEBHOOK_URL", "https://hooks.slack.com/services/" + SECRET,
                "CARTOGRAPHUS_ADMIN_TOKEN", SECRET + "-admin");
    }

    /** Every setting away from its default, plus all secrets. */
    private Map<String, String> everythingSet() {
        Map<String, String> env = new HashMap<>(secrets());
        env.putAll(Map.of("DATA_DIR", wd.resolve("state").toString(), "DUCKDB_PATH", "db/app.duckdb",
                "HTTP_HOST", "0.0.0.0", "HTTP_PORT", "8080", "MAINTENANCE_MODE", "true",
                "BACKUP_DIR", "/srv/backups", "BACKUP_INTERVAL", "1h30m", "BACKUP_PREFERRED_HOUR", "4",
                "BACKUP_TYPE", "database", "BACKUP_PRE_SYNC", "true"));
        env.putAll(Map.of("BACKUP_RETENTION_MIN_COUNT", "5", "BACKUP_RETENTION_MAX_COUNT", "100",
                "BACKUP_RETENTION_MAX_DAYS", "400", "BACKUP_RETENTION_KEEP_RECENT_HOURS", "48",
                "BACKUP_RETENTION_KEEP_DAILY_DAYS", "14", "BACKUP_RETENTION_KEEP_WEEKLY_WEEKS", "8",
                "BACKUP_RETENTION_KEEP_MONTHLY_MONTHS", "12", "BACKUP_COMPRESSION_LEVEL", "9",
                "BACKUP_COMPRESSION_ALGORITHM", "zstd", "BACKUP_ENCRYPTION_ENABLED", "true"));
        env.putAll(Map.of("BACKUP_ENCRYPTION_KEY_ID", "v2", "BACKUP_NOTIFY_SUCCESS", "true",
                "BACKUP_NOTIFY_CLEANUP", "true", "BACKUP_VERIFY", "false", "BACKUP_SCRUB_INTERVAL", "24h", "BACKUP_TIMEZONE", "America/New_York",
                "BACKUP_OFFSITE_URL", "s3://my-bucket/cartographus", "BACKUP_OFFSITE_ENDPOINT", "http://minio.local:9000",
                "BACKUP_OFFSITE_REGION", "eu-west-3", "BACKUP_OFFSITE_PATH_STYLE", "true"));
        return env;
    }

    private AppConfig load(Map<String, String> env) {
        return ConfigLoader.load(env, wd).config();
    }

    @Test
    void sanitized_has_every_non_secret_variable_sorted_and_no_secret_name() {
        Map<String, String> s = ConfigSnapshot.sanitized(load(Map.of()));
        List<String> expected = new ArrayList<>(EnvNames.ALL);
        expected.removeAll(ConfigSnapshot.secretNames());
        assertThat(s.keySet()).containsExactlyElementsOf(expected.stream().sorted().toList());
        assertThat(s.keySet()).doesNotContainAnyElementsOf(ConfigSnapshot.secretNames()).contains("BACKUP_ENCRYPTION_KEY_ID");
    }

    static Stream<Arguments> effectiveValues() {
        return Stream.of(
                Arguments.of("BACKUP_INTERVAL", "1h30m"), Arguments.of("BACKUP_PREFERRED_HOUR", "4"),
                Arguments.of("BACKUP_TYPE", "database"), Arguments.of("BACKUP_PRE_SYNC", "true"),
                Arguments.of("BACKUP_DIR", "/srv/backups"), Arguments.of("BACKUP_ENABLED", "true"),
                Arguments.of("BACKUP_RETENTION_MIN_COUNT", "5"), Arguments.of("BACKUP_RETENTION_MAX_COUNT", "100"),
                Arguments.of("BACKUP_RETENTION_MAX_DAYS", "400"), Arguments.of("BACKUP_RETENTION_KEEP_RECENT_HOURS", "48"),
                Arguments.of("BACKUP_RETENTION_KEEP_DAILY_DAYS", "14"),
                Arguments.of("BACKUP_RETENTION_KEEP_WEEKLY_WEEKS", "8"),
                Arguments.of("BACKUP_RETENTION_KEEP_MONTHLY_MONTHS", "12"),
                Arguments.of("BACKUP_COMPRESSION_ENABLED", "true"), Arguments.of("BACKUP_COMPRESSION_LEVEL", "9"),
                Arguments.of("BACKUP_COMPRESSION_ALGORITHM", "zstd"), Arguments.of("BACKUP_ENCRYPTION_ENABLED", "true"),
                Arguments.of("BACKUP_ENCRYPTION_KEY_ID", "v2"), Arguments.of("BACKUP_NOTIFY_SUCCESS", "true"),
                Arguments.of("BACKUP_NOTIFY_FAILURE", "true"), Arguments.of("BACKUP_NOTIFY_CLEANUP", "true"),
                Arguments.of("BACKUP_VERIFY", "false"), Arguments.of("BACKUP_SCRUB_INTERVAL", "24h"), Arguments.of("BACKUP_TIMEZONE", "America/New_York"),
                Arguments.of("BACKUP_OFFSITE_URL", "s3://my-bucket/cartographus"),
                Arguments.of("BACKUP_OFFSITE_ENDPOINT", "http://minio.local:9000"),
                Arguments.of("BACKUP_OFFSITE_REGION", "eu-west-3"), Arguments.of("BACKUP_OFFSITE_PATH_STYLE", "true"),
                Arguments.of("HTTP_HOST", "0.0.0.0"), Arguments.of("HTTP_PORT", "8080"),
                Arguments.of("MAINTENANCE_MODE", "true"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("effectiveValues")
    void sanitized_holds_the_effective_value(String name, String value) {
        assertThat(ConfigSnapshot.sanitized(load(everythingSet()))).containsEntry(name, value);
    }

    @Test
    void sanitized_paths_are_absolute_and_unset_optional_values_are_empty() {
        Map<String, String> s = ConfigSnapshot.sanitized(load(Map.of()));
        assertThat(s).containsEntry("DATA_DIR", wd.resolve("data").toString())
                .containsEntry("DUCKDB_PATH", wd.resolve("data/cartographus.duckdb").toString())
                .containsEntry("BACKUP_DIR", wd.resolve("data/backups").toString())
                .containsEntry("BACKUP_OFFSITE_URL", "").containsEntry("BACKUP_OFFSITE_ENDPOINT", "")
                .containsEntry("BACKUP_ENCRYPTION_KEY_ID", "").containsEntry("BACKUP_INTERVAL", "24h");
    }

    @Test
    void no_output_ever_contains_a_secret_value() throws Exception {
        AppConfig c = load(everythingSet());
        assertThat(c.backup().encryption().key()).contains(SECRET);
        Map<String, String> sanitized = ConfigSnapshot.sanitized(c);
        assertThat(sanitized.values()).noneMatch(v -> v.contains("ZQX") || v.contains("distinctive"));
        String json = new ObjectMapper().writeValueAsString(ConfigSnapshot.document(c, "1.2.3"));
        String dotenv = ConfigSnapshot.toDotEnv(sanitized);
        for (String output : List.of(json, dotenv, c.toString())) {
            assertThat(output).doesNotContain("ZQX").doesNotContain("distinctive").doesNotContain("hooks.slack.com");
        }
    }

    @Test
    void secret_names_cover_keys_tokens_webhook_and_offsite_credentials() {
        assertThat(ConfigSnapshot.secretNames()).contains("BACKUP_ENCRYPTION_KEY", "BACKUP_ENCRYPTION_OLD_KEYS",
                "BACKUP_WEBHOOK_URL", "CARTOGRAPHUS_ADMIN_TOKEN", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                "AWS_SESSION_TOKEN");
        assertThat(ConfigSnapshot.secretNames()).doesNotContain("BACKUP_ENCRYPTION_KEY_ID", "BACKUP_OFFSITE_URL");
    }

    @Test
    void document_has_the_config_json_shape() throws Exception {
        AppConfig c = load(everythingSet());
        Map<String, Object> doc = ConfigSnapshot.document(c, "1.2.3");
        assertThat(doc.keySet()).containsExactly("format", "app_version", "environment", "secrets_excluded",
                "feature_flags");
        assertThat(doc).containsEntry("format", 1).containsEntry("app_version", "1.2.3")
                .containsEntry("environment", ConfigSnapshot.sanitized(c))
                .containsEntry("secrets_excluded", List.copyOf(ConfigSnapshot.secretNames()));
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("backup_enabled", true);
        flags.put("schedule_enabled", true);
        flags.put("pre_sync", true);
        flags.put("compression", true);
        flags.put("encryption", true);
        flags.put("verify", false);
        flags.put("offsite", true);
        flags.put("dedup", false);
        flags.put("maintenance_mode", true);
        assertThat(doc.get("feature_flags")).isEqualTo(flags);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(json.writeValueAsString(doc)).path("environment").path("BACKUP_INTERVAL").asText())
                .isEqualTo("1h30m");
    }

    @Test
    void a_restored_config_env_plus_the_configured_secrets_gives_back_the_same_configuration() throws Exception {
        AppConfig original = load(everythingSet());
        Path dataDir = original.host().dataDir();
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("config.env"), ConfigSnapshot.toDotEnv(ConfigSnapshot.sanitized(original)));
        Map<String, String> machine = new HashMap<>(secrets());
        machine.put("DATA_DIR", dataDir.toString());
        machine.put("DUCKDB_PATH", original.host().duckdbPath().toString());
        machine.put("BACKUP_DIR", original.backup().backupDir().toString());
        assertThat(load(machine)).isEqualTo(original);
    }

    @Test
    void a_restored_config_env_with_encryption_on_fails_closed_without_the_key() throws Exception {
        AppConfig original = load(everythingSet());
        Files.createDirectories(original.host().dataDir());
        Files.writeString(original.host().dataDir().resolve("config.env"),
                ConfigSnapshot.toDotEnv(ConfigSnapshot.sanitized(original)));
        ConfigException e = assertThrows(ConfigException.class,
                () -> load(Map.of("DATA_DIR", original.host().dataDir().toString())));
        assertThat(e.problems()).containsExactly("BACKUP_ENCRYPTION_KEY=(unset): accepted a key of at least 32"
                + " characters, required because BACKUP_ENCRYPTION_ENABLED=true (set in "
                + original.host().dataDir().resolve("config.env") + ") (backups are never written unencrypted when"
                + " encryption is on)");
    }

    @Test
    void a_record_with_algorithm_none_is_written_as_compression_off() {
        AppConfig c = load(Map.of());
        BackupConfig b = c.backup();
        AppConfig none = new AppConfig(c.host(), new BackupConfig(b.enabled(), b.backupDir(), b.schedule(),
                b.retention(), new CompressionConfig(true, 6, Compression.NONE), b.encryption(), b.notifications(),
                b.verify(), b.timezone(), b.offsite(), b.scrubInterval(), b.dedup(), b.drillInterval()));
        assertThat(ConfigSnapshot.sanitized(none)).containsEntry("BACKUP_COMPRESSION_ENABLED", "false")
                .containsEntry("BACKUP_COMPRESSION_ALGORITHM", "gzip");
    }

    @Test
    void disabled_compression_keeps_the_chosen_algorithm_through_a_round_trip() throws Exception {
        AppConfig original = load(Map.of("BACKUP_COMPRESSION_ENABLED", "false", "BACKUP_COMPRESSION_ALGORITHM", "zstd",
                "BACKUP_RETENTION_MAX_DAYS", "0"));
        Files.createDirectories(original.host().dataDir());
        Files.writeString(original.host().dataDir().resolve("config.env"),
                ConfigSnapshot.toDotEnv(ConfigSnapshot.sanitized(original)));
        assertThat(load(Map.of())).isEqualTo(original);
    }

    @Test
    void to_dot_env_writes_a_header_and_plain_values_unquoted() {
        String text = ConfigSnapshot.toDotEnv(Map.of("B", "24h", "A", "/data/backups", "C", "two words", "D", ""));
        assertThat(text).startsWith("# ").endsWith("A=/data/backups\nB=24h\nC=\"two words\"\nD=\n");
    }

    @Test
    void to_dot_env_refuses_secret_and_invalid_names() {
        assertThrows(IllegalArgumentException.class, () -> ConfigSnapshot.toDotEnv(Map.of("BACKUP_WEBHOOK_URL", "x")));
        assertThrows(IllegalArgumentException.class, () -> ConfigSnapshot.toDotEnv(Map.of("BAD NAME", "x")));
        assertThrows(IllegalArgumentException.class, () -> ConfigSnapshot.toDotEnv(Map.of("A\nB", "x")));
    }

    @Test
    void to_dot_env_and_parse_round_trip_on_random_values() {
        Random random = new Random(Seeds.seed("ConfigSnapshotTest.round_trip"));
        String alphabet = "abcXYZ019 \t\n\r\"'\\#=$`,;:/.-_+@!?*(){}[]<>|&~^%éß日本\u0001\u007f\u00a0\u2028";
        for (int round = 0; round < 500; round++) {
            Map<String, String> values = new HashMap<>();
            int count = random.nextInt(8);
            for (int i = 0; i < count; i++) {
                StringBuilder value = new StringBuilder();
                int length = random.nextInt(4) == 0 ? 0 : random.nextInt(30);
                for (int j = 0; j < length; j++) {
                    value.appendCodePoint(random.nextInt(20) == 0 ? 0x1F600 + random.nextInt(50)
                            : alphabet.charAt(random.nextInt(alphabet.length())));
                }
                values.put(randomName(random), value.toString());
            }
            String text = ConfigSnapshot.toDotEnv(values);
            assertThat(DotEnv.parse(text)).as(text).isEqualTo(values);
        }
    }

    private static String randomName(Random random) {
        String first = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz_";
        String rest = first + "0123456789";
        StringBuilder name = new StringBuilder().append(first.charAt(random.nextInt(first.length())));
        for (int i = random.nextInt(12); i > 0; i--) {
            name.append(rest.charAt(random.nextInt(rest.length())));
        }
        return name.toString();
    }
}
