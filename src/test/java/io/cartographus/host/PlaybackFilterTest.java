package io.cartographus.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The query of {@code DELETE /api/v1/playbacks}: what it deletes, and every request it refuses with a
 * message naming the filter. A refusal matters more here than anywhere: an ignored filter would
 * delete more than was asked.
 */
class PlaybackFilterTest {
    /** "a=1&b=2" as Javalin's queryParamMap gives it: each name with all its values. */
    private static Map<String, List<String>> query(String... pairs) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            q.computeIfAbsent(p.substring(0, eq), k -> new java.util.ArrayList<>()).add(p.substring(eq + 1));
        }
        return q;
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                // query, expected described()
                Arguments.of(query("user_id=50"), Map.of("user_id", "50")),
                Arguments.of(query("user_id= 7 "), Map.of("user_id", "7")),
                Arguments.of(query("media_type=episode"), Map.of("media_type", "episode")),
                Arguments.of(query("before=2026-01-15T10:00:00Z"), Map.of("before", "2026-01-15T10:00:00Z")),
                // An offset is converted to UTC: the log line and the response name one instant.
                Arguments.of(query("after=2026-01-15T12:00:00+02:00"), Map.of("after", "2026-01-15T10:00:00Z")),
                Arguments.of(query("after=2026-01-15T10:00:00.250Z"), Map.of("after", "2026-01-15T10:00:00.250Z")),
                Arguments.of(query("user_id=3", "after=2026-01-01T00:00:00Z", "before=2026-02-01T00:00:00Z", "media_type=movie"),
                        Map.of("user_id", "3", "after", "2026-01-01T00:00:00Z", "before", "2026-02-01T00:00:00Z", "media_type", "movie")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void valid_filters_are_parsed(Map<String, List<String>> query, Map<String, String> described) {
        assertThat(PlaybackFilter.parse(query).described()).containsExactlyInAnyOrderEntriesOf(described);
    }

    @Test
    void only_the_given_filters_are_set() {
        PlaybackFilter f = PlaybackFilter.parse(query("before=2026-01-15T10:00:00Z"));
        assertThat(f.before()).isEqualTo(Instant.parse("2026-01-15T10:00:00Z"));
        assertThat(f.userId()).isNull();
        assertThat(f.after()).isNull();
        assertThat(f.mediaType()).isNull();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                // query, message fragment
                Arguments.of(query(), "give at least one filter (user_id, before, after, media_type)"),
                Arguments.of(query("colour=red"), "unknown filter 'colour'; accepted: user_id, before, after, media_type"),
                // An unknown filter next to a good one is refused too: ignoring it would delete more than asked.
                Arguments.of(query("user_id=1", "userid=2"), "unknown filter 'userid'"),
                Arguments.of(query("user_id=1", "user_id=2"), "filter user_id is given 2 times; give it once"),
                Arguments.of(query("user_id=abc"), "user_id must be a non-negative integer, got 'abc'"),
                Arguments.of(query("user_id=-3"), "user_id must be a non-negative integer, got '-3'"),
                Arguments.of(query("user_id=1.5"), "user_id must be a non-negative integer"),
                Arguments.of(query("user_id=99999999999999999999"), "user_id must be a non-negative integer"),
                Arguments.of(query("user_id="), "user_id must be a non-negative integer, got ''"),
                Arguments.of(query("before=yesterday"), "before must be an RFC 3339 timestamp with an offset"),
                Arguments.of(query("before=2026-01-15"), "before must be an RFC 3339 timestamp"),
                Arguments.of(query("after=2026-01-15T10:00:00"), "after must be an RFC 3339 timestamp with an offset"),
                Arguments.of(query("after=1767600000"), "after must be an RFC 3339 timestamp"),
                Arguments.of(query("after=2026-02-30T10:00:00Z"), "after must be an RFC 3339 timestamp"),
                Arguments.of(query("after=2026-03-02T00:00:00Z", "before=2026-03-01T00:00:00Z"), "must be earlier than before"),
                Arguments.of(query("after=2026-03-01T00:00:00Z", "before=2026-03-01T00:00:00Z"), "no event can match both"),
                Arguments.of(query("media_type=a b"), "media_type must be 1 to 32 characters"),
                Arguments.of(query("media_type="), "media_type must be 1 to 32 characters"),
                Arguments.of(query("media_type=" + "m".repeat(33)), "media_type must be 1 to 32 characters"),
                Arguments.of(query("media_type=movie'--"), "media_type must be"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void invalid_filters_are_refused_with_a_reason(Map<String, List<String>> query, String says) {
        assertThatThrownBy(() -> PlaybackFilter.parse(query))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
                .hasMessageContaining(says);
    }
}
