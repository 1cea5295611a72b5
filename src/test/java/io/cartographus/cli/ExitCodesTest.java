package io.cartographus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.error.ErrorKind;
import io.cartographus.testing.ErrorVocabulary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The CLI edge of the error vocabulary: every kind's exit code, offline and from a server's answer, as documented. */
class ExitCodesTest {
    private static final ErrorVocabulary VOCABULARY = ErrorVocabulary.load();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Codes that are not an error kind's: success, usage and Ctrl-C. */
    private static final Set<Integer> NOT_FROM_A_KIND = Set.of(ExitCodes.OK, ExitCodes.USAGE, ExitCodes.INTERRUPTED);

    @ParameterizedTest
    @EnumSource(ErrorKind.class)
    void each_kind_exits_with_its_documented_code_offline_and_through_a_server(ErrorKind kind) {
        int documented = VOCABULARY.entries().get(kind).exitCode();
        assertThat(ExitCodes.of(kind)).as("offline").isEqualTo(documented);
        int status = VOCABULARY.entries().get(kind).httpStatus();
        assertThat(ExitCodes.ofServer(status, error(kind.name()))).as("from the server's answer").isEqualTo(documented);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "SOMETHING_ELSE", "not_found"})
    void an_answer_without_one_of_our_codes_is_a_plain_failure(String code) {
        assertThat(ExitCodes.ofServer(502, error(code))).isEqualTo(ExitCodes.FAILURE);
        assertThat(ExitCodes.ofServer(404, null)).isEqualTo(ExitCodes.FAILURE);
    }

    @Test
    void no_answer_at_all_means_unavailable() {
        assertThat(ExitCodes.ofServer(0, null)).isEqualTo(ExitCodes.UNAVAILABLE);
    }

    @Test
    void readme_and_help_list_every_exit_code_there_is() throws Exception {
        Set<Integer> codes = new TreeSet<>(NOT_FROM_A_KIND);
        VOCABULARY.entries().values().forEach(e -> codes.add(e.exitCode()));
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf("Exit codes: ");
        assertThat(at).as("README has an exit code list").isPositive();
        assertThat(listed(readme.substring(at, readme.indexOf("\n\n", at)))).as("README").isEqualTo(codes);

        StringWriter help = new StringWriter();
        new CommandLine(new Cli.Root()).setOut(new PrintWriter(help)).usage(new PrintWriter(help));
        String text = help.toString();
        assertThat(listed(text.substring(text.indexOf("Exit codes: ")))).as("--help").isEqualTo(codes);
    }

    /** The numbers of an "N meaning, N meaning" list, each the start of an item. */
    private static Set<Integer> listed(String text) {
        Set<Integer> out = new TreeSet<>();
        Matcher m = Pattern.compile("(?:: |, |\\n\\s*)(\\d+) [a-z]").matcher(text);
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }

    private static JsonNode error(String code) {
        return JSON.createObjectNode().set("error", JSON.createObjectNode().put("code", code).put("message", "m"));
    }
}
