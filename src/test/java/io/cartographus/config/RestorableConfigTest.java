package io.cartographus.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A configuration backup is restorable only if start-up would accept it; this machine's settings never come from it. */
class RestorableConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path wd;

    private byte[] document(Map<String, Object> environment) throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>(ConfigSnapshot.document(ConfigLoader.load(Map.of(), wd).config(), "test"));
        Map<String, Object> env = new LinkedHashMap<>(ConfigSnapshot.sanitized(ConfigLoader.load(Map.of(), wd).config()));
        env.putAll(environment);
        doc.put("environment", env);
        return JSON.writeValueAsBytes(doc);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("an unknown key", Map.of("JAVA_TOOL_OPTIONS", "-javaagent:/tmp/x.jar"), "JAVA_TOOL_OPTIONS is not a cartographus setting"),
                Arguments.of("a key with a newline", Map.of("BACKUP_INTERVAL\nX", "1h"), "BACKUP_INTERVAL?X is not a cartographus setting"),
                Arguments.of("a number", Map.of("BACKUP_RETENTION_MAX_COUNT", 7), "BACKUP_RETENTION_MAX_COUNT is number, not a string"),
                Arguments.of("null", java.util.Collections.singletonMap("BACKUP_VERIFY", null), "BACKUP_VERIFY is null, not a string"),
                Arguments.of("an interval below the minimum", Map.of("BACKUP_INTERVAL", "5m"), "BACKUP_INTERVAL=5m"),
                Arguments.of("an hour out of range", Map.of("BACKUP_PREFERRED_HOUR", "25"), "BACKUP_PREFERRED_HOUR=25"),
                Arguments.of("not a boolean", Map.of("BACKUP_VERIFY", "maybe"), "BACKUP_VERIFY=maybe"),
                Arguments.of("an unknown time zone", Map.of("BACKUP_TIMEZONE", "Mars/Olympus"), "BACKUP_TIMEZONE=Mars/Olympus"),
                Arguments.of("minimum above maximum", Map.of("BACKUP_RETENTION_MIN_COUNT", "60", "BACKUP_RETENTION_MAX_COUNT", "50"),
                        "BACKUP_RETENTION_MIN_COUNT"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void a_configuration_that_would_not_start_is_refused_naming_the_setting(String what, Map<String, Object> env, String named)
            throws Exception {
        RestorableConfig.Result r = RestorableConfig.read(document(env));
        assertThat(r.restorable()).isFalse();
        assertThat(String.join("\n", r.problems())).contains(named);
    }

    static Stream<Arguments> unreadable() {
        return Stream.of(
                Arguments.of("BACKUP_INTERVAL=24h\n", "is not JSON"),
                Arguments.of("[1, 2]", "has no \"environment\" object"),
                Arguments.of("{\"environment\": \"BACKUP_INTERVAL=1h\"}", "has no \"environment\" object"),
                Arguments.of("{}", "has no \"environment\" object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadable")
    void a_document_that_is_not_a_configuration_is_refused(String text, String named) {
        RestorableConfig.Result r = RestorableConfig.read(text.getBytes(StandardCharsets.UTF_8));
        assertThat(r.problems()).singleElement().asString().contains(named);
    }

    @Test
    void a_real_configuration_restores_without_this_machines_settings() throws Exception {
        RestorableConfig.Result r = RestorableConfig.read(document(Map.of("BACKUP_INTERVAL", "36h", "HTTP_HOST", "0.0.0.0",
                "BACKUP_OFFSITE_ENDPOINT", "http://attacker.example:9000", "BACKUP_OFFSITE_URL", "s3://attacker-bucket",
                "BACKUP_ENCRYPTION_ENABLED", "false", "BACKUP_ENCRYPTION_KEY", "a-secret-that-should-not-be-here")));
        assertThat(r.problems()).isEmpty();
        assertThat(r.values()).containsEntry("BACKUP_INTERVAL", "36h")
                .doesNotContainKeys("HTTP_HOST", "HTTP_PORT", "DATA_DIR", "BACKUP_DIR", "DUCKDB_PATH", "BACKUP_OFFSITE_ENDPOINT",
                        "BACKUP_OFFSITE_URL", "BACKUP_OFFSITE_REGION", "BACKUP_ENCRYPTION_ENABLED", "BACKUP_ENCRYPTION_KEY",
                        "BACKUP_ENCRYPTION_KEY_ID");
        assertThat(r.skipped()).contains("HTTP_HOST", "BACKUP_OFFSITE_ENDPOINT", "BACKUP_ENCRYPTION_KEY");
        // What is restored loads at start-up.
        ConfigLoader.load(r.values(), wd);
    }

    private byte[] documentWithExplicit(Map<String, String> environment, Object explicit) throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>(JSON.readValue(document(new LinkedHashMap<String, Object>(environment)), Map.class));
        doc.put("explicit", explicit);
        return JSON.writeValueAsBytes(doc);
    }

    @Test
    void only_the_settings_given_explicitly_are_restored() throws Exception {
        RestorableConfig.Result r = RestorableConfig.read(documentWithExplicit(
                Map.of("BACKUP_SCHEDULE_ENABLED", "false", "BACKUP_INTERVAL", "36h", "HTTP_PORT", "9999"),
                java.util.List.of("BACKUP_SCHEDULE_ENABLED", "HTTP_PORT")));
        assertThat(r.problems()).isEmpty();
        assertThat(r.values()).isEqualTo(Map.of("BACKUP_SCHEDULE_ENABLED", "false"));
        assertThat(r.skipped()).containsExactly("HTTP_PORT");
    }

    @Test
    void a_backup_taken_with_defaults_restores_no_setting() throws Exception {
        RestorableConfig.Result r = RestorableConfig.read(documentWithExplicit(Map.of(), java.util.List.of()));
        assertThat(r.problems()).isEmpty();
        assertThat(r.values()).isEmpty();
        assertThat(r.skipped()).isEmpty();
    }

    @Test
    void without_the_list_an_older_archive_restores_what_differs_from_the_defaults() throws Exception {
        RestorableConfig.Result r = RestorableConfig.read(document(Map.of("BACKUP_INTERVAL", "36h")));
        assertThat(r.values()).isEqualTo(Map.of("BACKUP_INTERVAL", "36h"));
    }

    static Stream<Arguments> badExplicit() {
        return Stream.of(
                Arguments.of("a string", "BACKUP_INTERVAL", "is string, not a list of setting names"),
                Arguments.of("an unknown name", java.util.List.of("JAVA_TOOL_OPTIONS"), "names JAVA_TOOL_OPTIONS, which is not a cartographus setting"),
                Arguments.of("a number in the list", java.util.List.of(7), "names 7, which is not a cartographus setting"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badExplicit")
    void a_malformed_list_of_explicit_settings_is_refused(String what, Object explicit, String message) throws Exception {
        RestorableConfig.Result r = RestorableConfig.read(documentWithExplicit(Map.of(), explicit));
        assertThat(r.restorable()).isFalse();
        assertThat(String.join("\n", r.problems())).contains(message);
    }
}
