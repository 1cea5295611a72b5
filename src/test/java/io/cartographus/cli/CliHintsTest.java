package io.cartographus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every refusal an operator can meet on the command line says what to try next, in the CLI's words. */
class CliHintsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "0   | -            | --offline",
            "401 | UNAUTHORIZED | --token or CARTOGRAPHUS_TOKEN",
            "403 | FORBIDDEN    | operator or admin token",
            "404 | NOT_FOUND    | backup list",
            "409 | BUSY         | backup status",
            "500 | INTERNAL     | -",
    })
    void a_refusal_gets_a_hint(int status, String code, String hint) {
        JsonNode body = code == null ? null : error(code);
        String h = CliHints.forAnswer(status, body);
        if (hint == null) {
            assertThat(h).isNull();
        } else {
            assertThat(h).contains(hint);
        }
    }

    @ParameterizedTest
    @CsvSource({"NOT_FOUND", "UNAUTHORIZED"})
    void the_servers_own_hint_is_not_repeated(String code) {
        ObjectNode body = error(code);
        ((ObjectNode) body.path("error")).put("hint", "the server's words");
        assertThat(CliHints.forAnswer(404, body)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "set create_pre_restore_backup=false | set --no-pre-restore-backup",
            "or force_restore=true               | or --force"})
    void api_fields_become_flags(String api, String cli) {
        assertThat(CliHints.flags(api)).isEqualTo(cli);
    }

    private static ObjectNode error(String code) {
        ObjectNode b = JSON.createObjectNode();
        b.putObject("error").put("code", code).put("message", "m");
        return b;
    }
}
