package io.cartographus.auth;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** How the store treats tokens.json: corrupt files, and changes made by another process. */
class TokenStoreFileTest {
    private static final String HASH = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    @TempDir
    Path dir;

    private Path tokensFile() {
        return dir.resolve("tokens.json");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json",
            "",
            "[]",
            "{\"version\":1,\"tokens\":[",
            "{\"tokens\":[]}",
            "{\"version\":2,\"tokens\":[]}",
            "{\"version\":1}",
            "{\"version\":1,\"tokens\":{}}",
            "{\"version\":1,\"tokens\":[1]}",
            "{\"version\":1,\"tokens\":[{\"id\":\"0badc0de\",\"name\":\"a\",\"role\":\"root\",\"created_at\":\"2026-01-01T00:00:00Z\",\"sha256\":\"" + HASH + "\"}]}",
            "{\"version\":1,\"tokens\":[{\"id\":\"0badc0de\",\"name\":\"a\",\"role\":\"admin\",\"created_at\":\"yesterday\",\"sha256\":\"" + HASH + "\"}]}",
            "{\"version\":1,\"tokens\":[{\"id\":\"0badc0de\",\"name\":\"a\",\"role\":\"admin\",\"created_at\":\"2026-01-01T00:00:00Z\",\"sha256\":\"abc\"}]}",
            "{\"version\":1,\"tokens\":[{\"id\":\"0badc0de\",\"name\":\"a\",\"role\":\"admin\",\"created_at\":\"2026-01-01T00:00:00Z\"}]}",
            "{\"version\":1,\"tokens\":[{\"id\":\"0badc0de\",\"name\":\"a\",\"role\":\"admin\",\"created_at\":\"2026-01-01T00:00:00Z\",\"sha256\":\"" + HASH + "\"},"
                    + "{\"id\":\"1badc0de\",\"name\":\"a\",\"role\":\"admin\",\"created_at\":\"2026-01-01T00:00:00Z\",\"sha256\":\"" + HASH + "\"}]}",
    })
    void corrupt_file_is_reported_by_name_and_left_untouched(String content) throws Exception {
        Files.writeString(tokensFile(), content);

        assertThatThrownBy(() -> new TokenStore(tokensFile()))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
                    assertThat(e.getMessage()).contains(tokensFile().toString()).contains("fix it or move it aside");
                    assertThat(e.hint()).contains("admin.token");
                });
        assertThat(Files.readString(tokensFile())).isEqualTo(content);
    }

    @Test
    void a_well_formed_file_written_by_hand_is_accepted() throws Exception {
        Files.writeString(tokensFile(), "{\"version\":1,\"tokens\":[{\"id\":\"0badc0de\",\"name\":\"ops\",\"role\":\"operator\","
                + "\"created_at\":\"2026-01-01T00:00:00Z\",\"sha256\":\"" + HASH + "\",\"comment\":\"extra fields are ignored\"}]}");

        assertThat(new TokenStore(tokensFile()).list()).singleElement()
                .satisfies(t -> assertThat(t.role()).isEqualTo(Role.OPERATOR));
    }

    @Test
    void a_file_corrupted_while_running_keeps_the_old_tokens_and_is_never_overwritten() throws Exception {
        TokenStore store = new TokenStore(tokensFile());
        CreatedToken token = store.create("ci", Role.VIEWER);
        String broken = "{ broken";
        Files.writeString(tokensFile(), broken);

        assertThatThrownBy(store::reloadIfChanged).isInstanceOf(BackupException.class);
        assertThat(store.authenticate(token.token())).contains(token.info());
        assertThatThrownBy(() -> store.create("other", Role.ADMIN)).isInstanceOf(BackupException.class);
        assertThatThrownBy(() -> store.revoke("ci")).isInstanceOf(BackupException.class);
        assertThat(Files.readString(tokensFile())).isEqualTo(broken);
    }

    @Test
    void authenticate_never_throws_when_the_file_turns_corrupt_under_a_running_server() throws Exception {
        TokenStore server = new TokenStore(tokensFile());
        CreatedToken token = server.create("ci", Role.VIEWER);
        Files.writeString(tokensFile(), "{ broken");

        // Long enough for authenticate's once-a-second check to have met the broken file.
        long until = System.nanoTime() + Duration.ofMillis(1300).toNanos();
        while (System.nanoTime() < until) {
            assertThat(server.authenticate(token.token())).contains(token.info());
            Thread.sleep(50);
        }
    }

    @Test
    void reload_sees_tokens_created_and_revoked_by_another_instance() {
        TokenStore server = new TokenStore(tokensFile());
        CreatedToken old = server.create("old", Role.VIEWER);
        TokenStore cli = new TokenStore(tokensFile());

        CreatedToken fresh = cli.create("fresh", Role.OPERATOR);
        cli.revoke("old");
        server.reloadIfChanged();

        assertThat(server.authenticate(fresh.token())).contains(fresh.info());
        assertThat(server.authenticate(old.token())).isEmpty();
        assertThat(server.list()).containsExactly(fresh.info());
    }

    @Test
    void a_token_revoked_by_another_instance_is_refused_at_once_not_after_the_periodic_check() {
        TokenStore server = new TokenStore(tokensFile());
        CreatedToken token = server.create("ci", Role.ADMIN);
        assertThat(server.authenticate(token.token())).contains(token.info()); // the once-a-second check is now spent

        new TokenStore(tokensFile()).revoke("ci");

        assertThat(server.authenticate(token.token())).isEmpty();
    }

    @Test
    void authenticate_picks_up_another_instance_s_token_within_about_a_second() {
        TokenStore server = new TokenStore(tokensFile());
        server.authenticate("cgr_warm-up");
        CreatedToken fresh = new TokenStore(tokensFile()).create("fresh", Role.VIEWER);

        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> server.authenticate(fresh.token()).isPresent());
    }

    @Test
    void a_change_starts_from_the_file_so_another_instance_s_revocation_is_not_undone() throws Exception {
        TokenStore server = new TokenStore(tokensFile());
        CreatedToken revoked = server.create("revoked", Role.ADMIN);
        new TokenStore(tokensFile()).revoke("revoked");

        server.create("next", Role.VIEWER);

        assertThat(new TokenStore(tokensFile()).list()).extracting(TokenInfo::name).containsExactly("next");
        assertThat(server.authenticate(revoked.token())).isEmpty();
    }

    @Test
    void a_deleted_file_means_no_stored_tokens() throws Exception {
        TokenStore store = new TokenStore(tokensFile());
        CreatedToken token = store.create("ci", Role.VIEWER);
        Files.delete(tokensFile());

        store.reloadIfChanged();

        assertThat(store.authenticate(token.token())).isEmpty();
    }
}
