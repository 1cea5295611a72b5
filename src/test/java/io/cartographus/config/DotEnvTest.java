package io.cartographus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DotEnvTest {

    static Stream<Arguments> wellFormedLines() {
        return Stream.of(
                Arguments.of("KEY=value", "KEY", "value"),
                Arguments.of("KEY = value ", "KEY", "value"),
                Arguments.of("\t  KEY=value", "KEY", "value"),
                Arguments.of("export KEY=value", "KEY", "value"),
                Arguments.of("  export \t KEY=value", "KEY", "value"),
                Arguments.of("export=1", "export", "1"),
                Arguments.of("KEY=", "KEY", ""),
                Arguments.of("KEY=   ", "KEY", ""),
                Arguments.of("KEY=value # a comment", "KEY", "value"),
                Arguments.of("KEY=value\t# a comment", "KEY", "value"),
                Arguments.of("KEY=value#not-a-comment", "KEY", "value#not-a-comment"),
                Arguments.of("KEY=#not-a-comment", "KEY", "#not-a-comment"),
                Arguments.of("KEY= # only a comment", "KEY", ""),
                Arguments.of("KEY=a=b=c", "KEY", "a=b=c"),
                Arguments.of("KEY=https://h/p?x=1&y=2", "KEY", "https://h/p?x=1&y=2"),
                Arguments.of("KEY=don't", "KEY", "don't"),
                Arguments.of("KEY=$HOME/x", "KEY", "$HOME/x"),
                Arguments.of("KEY=two  words", "KEY", "two  words"),
                Arguments.of("KEY='single # not a comment'", "KEY", "single # not a comment"),
                Arguments.of("KEY='literal \\n and \\\\'", "KEY", "literal \\n and \\\\"),
                Arguments.of("KEY='  kept  '", "KEY", "  kept  "),
                Arguments.of("KEY=''", "KEY", ""),
                Arguments.of("KEY='x' # comment", "KEY", "x"),
                Arguments.of("KEY=\"\"", "KEY", ""),
                Arguments.of("KEY=\"a\\nb\"", "KEY", "a\nb"),
                Arguments.of("KEY=\"a\\r\\tb\"", "KEY", "a\r\tb"),
                Arguments.of("KEY=\"say \\\"hi\\\"\"", "KEY", "say \"hi\""),
                Arguments.of("KEY=\"back\\\\slash\"", "KEY", "back\\slash"),
                Arguments.of("KEY=\"C:\\data\"", "KEY", "C:\\data"),
                Arguments.of("KEY=\"  spaced  \"", "KEY", "  spaced  "),
                Arguments.of("KEY=\"# not a comment\"", "KEY", "# not a comment"),
                Arguments.of("KEY=\"x\" # comment", "KEY", "x"),
                Arguments.of("KEY=\"it's\"", "KEY", "it's"),
                Arguments.of("KEY=\"é ✓ 日本\"", "KEY", "é ✓ 日本"),
                Arguments.of("lower_case_9=v", "lower_case_9", "v"),
                Arguments.of("_UNDERSCORE=v", "_UNDERSCORE", "v"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormedLines")
    void reads_a_well_formed_line(String line, String key, String value) {
        assertThat(DotEnv.parse(line)).containsExactly(Map.entry(key, value));
    }

    static Stream<Arguments> malformedLines() {
        return Stream.of(
                Arguments.of("NO_EQUALS_SIGN", "expected KEY=value"),
                Arguments.of("export KEY", "expected KEY=value"),
                Arguments.of("=value", "invalid variable name"),
                Arguments.of("1KEY=x", "invalid variable name"),
                Arguments.of("MY KEY=x", "invalid variable name"),
                Arguments.of("KEY-NAME=x", "invalid variable name"),
                Arguments.of("KEY=\"unterminated", "unterminated double-quoted value of KEY"),
                Arguments.of("KEY=\"ends with escaped quote\\\"", "unterminated double-quoted value of KEY"),
                Arguments.of("KEY='unterminated", "unterminated single-quoted value of KEY"),
                Arguments.of("KEY=\"x\"trailing", "unexpected text after the closing quote of KEY"),
                Arguments.of("KEY='x' y", "unexpected text after the closing quote of KEY"),
                Arguments.of("KEY=\"x\"#c", "unexpected text after the closing quote of KEY"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedLines")
    void refuses_a_malformed_line_naming_its_line_number(String line, String reason) {
        String text = "A=1\n# comment\n\n" + line + "\nB=2\n";
        ConfigException e = assertThrows(ConfigException.class, () -> DotEnv.parse(text, "/app/.env"));
        assertThat(e.problems()).singleElement(STRING)
                .startsWith("/app/.env line 4: " + reason);
    }

    @Test
    void reports_every_malformed_line_together() {
        ConfigException e = assertThrows(ConfigException.class, () -> DotEnv.parse("BAD\nOK=1\nALSO BAD=2\n"));
        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(0)).contains("line 1");
        assertThat(e.problems().get(1)).contains("line 3");
        assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
    }

    @Test
    void never_repeats_the_value_of_a_malformed_line() {
        String secret = "Zx9-very-secret-material-0123456789";
        String text = "BACKUP_ENCRYPTION_KEY=\"" + secret + "\n" + secret + "\nBACKUP_WEBHOOK_URL='" + secret + "' x\n";
        ConfigException e = assertThrows(ConfigException.class, () -> DotEnv.parse(text));
        assertThat(e.problems()).hasSize(3);
        assertThat(e.getMessage()).doesNotContain("Zx9").doesNotContain("secret-material");
    }

    @Test
    void skips_comments_and_blank_lines() {
        assertThat(DotEnv.parse("# A=1\n   # B=2\n\n   \n\t\nC=3 # D=4\n")).containsExactly(Map.entry("C", "3"));
    }

    @Test
    void later_lines_win_and_order_is_kept() {
        assertThat(DotEnv.parse("B=1\nA=2\nB=3\n")).containsExactly(Map.entry("B", "3"), Map.entry("A", "2"));
    }

    @Test
    void handles_crlf_line_ends_and_a_byte_order_mark() {
        assertThat(DotEnv.parse("\uFEFFA=1\r\nB=\"two\"\r\nC='3' # c\r\n"))
                .containsExactly(Map.entry("A", "1"), Map.entry("B", "two"), Map.entry("C", "3"));
    }

    @Test
    void reads_the_guide_example() {
        String guide = """
                # .env file
                BACKUP_ENABLED=true
                BACKUP_DIR=/data/backups

                # Schedule: Daily at 2 AM
                BACKUP_INTERVAL=24h
                BACKUP_WEBHOOK_URL=https://hooks.slack.com/services/xxx
                """;
        assertThat(DotEnv.parse(guide)).containsExactly(Map.entry("BACKUP_ENABLED", "true"),
                Map.entry("BACKUP_DIR", "/data/backups"), Map.entry("BACKUP_INTERVAL", "24h"),
                Map.entry("BACKUP_WEBHOOK_URL", "https://hooks.slack.com/services/xxx"));
    }

    @Test
    void empty_text_gives_no_variables() {
        assertThat(DotEnv.parse("")).isEmpty();
    }
}
