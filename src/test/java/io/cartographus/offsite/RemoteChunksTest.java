package io.cartographus.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure decisions of off-site chunk copies: what an upload sends, what a mirrored collection deletes, what sync reports. */
class RemoteChunksTest {
    private static final String A = "a".repeat(64) + ".zst";
    private static final String B = "b".repeat(64) + ".zst";
    private static final String C = "c".repeat(64) + ".enc";
    private static final String D = "d".repeat(64);

    private static Map<String, Long> sizes(Object... fileAndSize) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < fileAndSize.length; i += 2) {
            m.put((String) fileAndSize[i], ((Number) fileAndSize[i + 1]).longValue());
        }
        return m;
    }

    static Stream<Arguments> uploads() {
        return Stream.of(
                Arguments.of("empty bucket: everything", List.of(A, B), sizes(A, 10, B, 20), sizes(), List.of(A, B)),
                Arguments.of("all there at the same size: nothing", List.of(A, B), sizes(A, 10, B, 20), sizes(A, 10, B, 20), List.of()),
                Arguments.of("only the new one", List.of(A, B, C), sizes(A, 10, B, 20, C, 5), sizes(A, 10, B, 20), List.of(C)),
                Arguments.of("another size there (damaged, foreign): sent again", List.of(A, B), sizes(A, 10, B, 20), sizes(A, 10, B, 3),
                        List.of(B)),
                Arguments.of("chunks of other backups there do not count", List.of(A), sizes(A, 10), sizes(B, 20, C, 5), List.of(A)),
                Arguments.of("nothing needed: nothing", List.of(), sizes(), sizes(A, 10), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("uploads")
    void an_upload_sends_only_what_the_bucket_lacks(String why, List<String> needed, Map<String, Long> local, Map<String, Long> remote,
                                                    List<String> expected) {
        assertThat(RemoteChunks.toUpload(needed, local, remote)).isEqualTo(expected);
    }

    static Stream<Arguments> sweeps() {
        return Stream.of(
                Arguments.of("no list in the bucket names them: deleted", List.of(A, B), sizes(A, 1, B, 1, C, 1),
                        Map.of("x", Set.of(C)), List.of(A, B), List.of(), List.of()),
                Arguments.of("a backup still in the bucket needs one: kept", List.of(A, B), sizes(A, 1, B, 1),
                        Map.of("only-remote", Set.of(B)), List.of(A), List.of(B), List.of()),
                Arguments.of("already gone in the bucket: forgotten", List.of(A, D), sizes(A, 1),
                        Map.of(), List.of(A), List.of(), List.of(D)),
                Arguments.of("every list counts, not only one", List.of(A, B, C), sizes(A, 1, B, 1, C, 1),
                        Map.of("one", Set.of(A), "two", Set.of(C)), List.of(B), List.of(A, C), List.of()),
                Arguments.of("no candidates: nothing", List.of(), sizes(A, 1), Map.of(), List.of(), List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sweeps")
    void a_mirrored_collection_never_deletes_what_a_list_in_the_bucket_names(String why, List<String> candidates, Map<String, Long> remote,
                                                                              Map<String, Set<String>> refs, List<String> delete,
                                                                              List<String> kept, List<String> absent) {
        RemoteChunks.Sweep s = RemoteChunks.sweep(candidates, remote, refs);
        assertThat(s.delete()).isEqualTo(delete);
        assertThat(s.kept()).isEqualTo(kept);
        assertThat(s.absent()).isEqualTo(absent);
    }

    static Stream<Arguments> extras() {
        return Stream.of(
                Arguments.of("all referenced", sizes(A, 1, B, 2), Map.of("x", Set.of(A, B)), Set.of(), Map.of()),
                Arguments.of("one nobody names", sizes(A, 1, B, 2), Map.of("x", Set.of(A)), Set.of(), Map.of(B, 2L)),
                Arguments.of("a local backup needs it (its list is not up yet)", sizes(A, 1, B, 2), Map.of("x", Set.of(A)), Set.of(B),
                        Map.of()),
                Arguments.of("no list at all", sizes(A, 1, B, 2), Map.of(), Set.of(), Map.of(A, 1L, B, 2L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("extras")
    void sync_reports_chunks_nothing_references(String why, Map<String, Long> remote, Map<String, Set<String>> refs, Set<String> local,
                                                Map<String, Long> expected) {
        assertThat(RemoteChunks.extra(remote, refs, local)).isEqualTo(expected);
    }

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("chunks/aa/" + A, A, null),
                Arguments.of("chunks/dd/" + D, D, null),
                Arguments.of("chunks/bb/" + A, null, null), // the fan-out directory must match
                Arguments.of("chunks/aa/" + A + ".tmp", null, null),
                Arguments.of("chunks/aa/../../" + A, null, null),
                Arguments.of("chunks/" + A, null, null),
                Arguments.of("chunks/refs/20260101-020000-full.refs", null, "20260101-020000-full"),
                Arguments.of("chunks/refs/../x.refs", null, null),
                Arguments.of("chunks/salt", null, null),
                Arguments.of("backup-20260101-020000.json", null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void names_from_a_listing_are_ours_or_ignored(String name, String chunk, String refsOf) {
        assertThat(RemoteChunks.chunkFile(name)).isEqualTo(chunk);
        assertThat(RemoteChunks.refsId(name)).isEqualTo(refsOf);
    }
}
