package io.cartographus.archive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EntryNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"manifest.json", "database/cartographus.duckdb", "database/cartographus.duckdb.wal",
        "config/config.json", "a/b/c/d", "name with spaces", "ünïcode/ファイル", "..hidden", "a..b", ".x"})
    void accepts_plain_relative_names(String name) {
        assertThat(EntryNames.problem(name)).isNull();
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\"|empty",
        "/etc/passwd|absolute path",
        "../x|'..' segment",
        "a/../../x|'..' segment",
        "a/..|'..' segment",
        "a\\b|backslash",
        "./a|not a normalized path",
        "a/./b|not a normalized path",
        "a//b|not a normalized path",
        "a/|not a normalized path",
    })
    void refuses_unsafe_names(String name, String reason) {
        assertThat(EntryNames.problem(name)).contains(reason);
    }

    @Test
    void refuses_control_characters_nul_and_overlong_names() {
        assertThat(EntryNames.problem("a\u0000b")).contains("NUL");
        assertThat(EntryNames.problem("a\tb")).contains("control character");
        assertThat(EntryNames.problem("x".repeat(255))).isNull();
        assertThat(EntryNames.problem("x".repeat(256))).contains("longer than 255");
    }

    @Test
    void refuses_duplicates_and_files_that_would_also_be_directories() {
        EntryNames names = new EntryNames();
        assertThat(names.claim("database", true)).isNull();
        assertThat(names.claim("database/db", false)).isNull();
        assertThat(names.claim("database/db", false)).contains("twice");
        assertThat(names.claim("database", true)).contains("twice");
        assertThat(names.claim("database/db/inner", false)).contains("inside the file 'database/db'");
        assertThat(names.claim("config/x", false)).isNull();
        assertThat(names.claim("config", false)).contains("name of a directory");
        assertThat(names.claim("config", true)).as("explicit entry for an implied directory").isNull();
    }

    @Test
    void quotes_names_safely_for_messages() {
        assertThat(EntryNames.quote("a\nb")).isEqualTo("'a\\x0ab'");
        assertThat(EntryNames.quote("x".repeat(1000))).hasSize(255 + 20 + 5);
    }
}
