package io.cartographus.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cartographus.error.ErrorKind;
import io.cartographus.testing.ErrorVocabulary;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The HTTP edge of the error vocabulary: every kind's status and code, against the one documented table. */
class ErrorResponsesTest {
    private static final ErrorVocabulary VOCABULARY = ErrorVocabulary.load();

    @Test
    void the_table_names_every_kind() {
        assertThat(VOCABULARY.entries().keySet()).containsExactlyInAnyOrder(ErrorKind.values());
    }

    @ParameterizedTest
    @EnumSource(ErrorKind.class)
    void each_kind_has_its_documented_status_and_is_its_own_code(ErrorKind kind) {
        assertThat(ErrorResponses.status(kind)).isEqualTo(VOCABULARY.entries().get(kind).httpStatus());
        assertThat(ErrorResponses.body(kind, "m", null).get("error")).isEqualTo(java.util.Map.of("code", kind.name(), "message", "m"));
    }

    @ParameterizedTest
    @EnumSource(ErrorKind.class)
    void a_status_the_web_server_answers_alone_gets_the_code_of_a_kind_with_that_status(ErrorKind kind) {
        String code = JsonErrorHandler.code(ErrorResponses.status(kind));
        assertThat(ErrorResponses.status(ErrorKind.valueOf(code))).isEqualTo(ErrorResponses.status(kind));
    }

    @ParameterizedTest
    @CsvSource({"400,INVALID_REQUEST", "404,NOT_FOUND", "405,METHOD_NOT_ALLOWED", "408,REQUEST_TIMEOUT", "409,BUSY",
            "413,PAYLOAD_TOO_LARGE", "414,URI_TOO_LONG", "415,UNSUPPORTED_MEDIA_TYPE", "422,VALIDATION_FAILED",
            "431,HEADERS_TOO_LARGE", "500,INTERNAL", "503,UNAVAILABLE", "502,HTTP_502", "418,HTTP_418"})
    void a_bare_status_is_named_after_the_first_general_kind(int status, String code) {
        assertThat(JsonErrorHandler.code(status)).isEqualTo(code);
    }

    @Test
    void openapi_documents_exactly_the_codes_the_server_can_send() throws Exception {
        JsonNode doc;
        try (InputStream in = getClass().getResourceAsStream("/openapi.yaml")) {
            doc = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        String described = doc.path("components").path("schemas").path("ErrorBody").path("properties").path("code")
                .path("description").asText();
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("\\b[A-Z][A-Z_]{2,}\\b").matcher(described);
        while (m.find()) {
            documented.add(m.group());
        }
        documented.removeAll(Set.of("API", "CLI", "HTTP", "README"));
        Set<String> kinds = Arrays.stream(ErrorKind.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).as("ErrorBody.code's description in openapi.yaml").isEqualTo(kinds);
    }
}
