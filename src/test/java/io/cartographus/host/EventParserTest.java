package io.cartographus.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.error.BackupException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bodies the sync route must refuse whole, each with the words that tell the sender what to fix. */
class EventParserTest {
    private final EventParser parser = new EventParser(new ObjectMapper());

    private static String line(String id, String username, String started) {
        return "{\"id\":\"" + id + "\",\"user_id\":7,\"username\":\"" + username + "\",\"started_at\":\"" + started
                + "\",\"stopped_at\":\"2026-03-01T21:00:00Z\"}";
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            byte[] b = p instanceof byte[] raw ? raw : p.toString().getBytes(StandardCharsets.UTF_8);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    static Stream<Arguments> refused() {
        String ok = line("a", "zoë", "2026-03-01T20:00:00Z");
        return Stream.of(
                Arguments.of("latin-1 byte in a username", true,
                        bytes(ok, "\n", "{\"id\":\"b\",\"user_id\":7,\"username\":\"zo", new byte[] {(byte) 0xEB},
                                "\",\"started_at\":\"2026-03-01T20:00:00Z\",\"stopped_at\":\"2026-03-01T21:00:00Z\"}"),
                        "line 2: not valid UTF-8"),
                Arguments.of("truncated multi-byte sequence at the end", true, bytes(ok, "\n", new byte[] {(byte) 0xE2, (byte) 0x82}),
                        "line 2: not valid UTF-8"),
                Arguments.of("invalid UTF-8 in a JSON array", false, bytes("[", ok.replace("zoë", "zo"), new byte[] {(byte) 0xFF}, "]"),
                        "not valid JSON"),
                Arguments.of("a start before 1582 (the Julian calendar would shift it)", true,
                        bytes(line("c", "x", "1200-03-01T20:00:00Z")), "between 1970-01-01 and 9999-12-31"),
                Arguments.of("a start before the Unix epoch", false,
                        bytes("[", line("d", "x", "1969-12-31T23:59:59Z"), "]"), "between 1970-01-01 and 9999-12-31"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void refused(String what, boolean ndjson, byte[] body, String message) {
        assertThatThrownBy(() -> parser.parse(body, ndjson)).isInstanceOf(BackupException.class).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "ndjson={0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void keeps_non_ascii_usernames_as_sent(boolean ndjson) {
        String l = line("a", "zoë 日本", "1970-01-01T00:00:00Z");
        List<PlaybackEvent> events = parser.parse(bytes(ndjson ? l : "[" + l + "]"), ndjson);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.username()).isEqualTo("zoë 日本");
            assertThat(e.startedAt()).hasToString("1970-01-01T00:00:00Z");
        });
    }
}
