package io.cartographus.auth;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenStoreBootstrapTest {
    private static final String EXPLICIT = "adm-0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path dir;

    private Path tokensFile() {
        return dir.resolve("tokens.json");
    }

    private Path adminTokenFile() {
        return dir.resolve("admin.token");
    }

    @Test
    void first_start_writes_a_working_admin_token_readable_by_the_owner_only() throws Exception {
        TokenStore store = new TokenStore(tokensFile());

        Optional<Path> written = store.bootstrap(adminTokenFile(), null);

        assertThat(written).contains(adminTokenFile());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(adminTokenFile()))).isEqualTo("rw-------");
        String token = Files.readString(adminTokenFile()).strip();
        assertThat(token).startsWith("cgr_");
        TokenInfo admin = store.authenticate(token).orElseThrow();
        assertThat(admin.name()).isEqualTo("admin");
        assertThat(admin.role()).isEqualTo(Role.ADMIN);
        assertThat(new TokenStore(tokensFile()).authenticate(token)).contains(admin);
        assertThat(Files.readString(tokensFile())).doesNotContain(token);
    }

    @Test
    void second_start_writes_nothing() throws Exception {
        new TokenStore(tokensFile()).bootstrap(adminTokenFile(), null);
        String tokensBefore = Files.readString(tokensFile());
        Files.delete(adminTokenFile());

        Optional<Path> written = new TokenStore(tokensFile()).bootstrap(adminTokenFile(), null);

        assertThat(written).isEmpty();
        assertThat(adminTokenFile()).doesNotExist();
        assertThat(Files.readString(tokensFile())).isEqualTo(tokensBefore);
    }

    @Test
    void no_admin_token_is_written_when_other_tokens_exist() {
        TokenStore store = new TokenStore(tokensFile());
        store.create("viewer", Role.VIEWER);

        assertThat(store.bootstrap(adminTokenFile(), null)).isEmpty();
        assertThat(adminTokenFile()).doesNotExist();
    }

    @Test
    void explicit_admin_token_works_and_is_written_nowhere() throws Exception {
        TokenStore store = new TokenStore(tokensFile());

        Optional<Path> written = store.bootstrap(adminTokenFile(), EXPLICIT);

        assertThat(written).isEmpty();
        assertThat(adminTokenFile()).doesNotExist();
        assertThat(tokensFile()).doesNotExist();
        TokenInfo admin = store.authenticate(EXPLICIT).orElseThrow();
        assertThat(admin.name()).isEqualTo("env-admin");
        assertThat(admin.role()).isEqualTo(Role.ADMIN);
        assertThat(store.list()).isEmpty();

        CreatedToken other = store.create("ci", Role.VIEWER);
        assertThat(Files.readString(tokensFile())).doesNotContain(EXPLICIT);
        assertThat(store.authenticate(other.token())).contains(other.info());
        assertThat(new TokenStore(tokensFile()).authenticate(EXPLICIT)).isEmpty();
    }

    @Test
    void explicit_admin_cannot_be_revoked_through_the_store() {
        TokenStore store = new TokenStore(tokensFile());
        store.bootstrap(adminTokenFile(), EXPLICIT);

        assertThatThrownBy(() -> store.revoke("env-admin"))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
                .hasMessageContaining("CARTOGRAPHUS_ADMIN_TOKEN");
        assertThat(store.authenticate(EXPLICIT)).isPresent();
    }

    @Test
    void blank_explicit_token_counts_as_unset() {
        TokenStore store = new TokenStore(tokensFile());

        assertThat(store.bootstrap(adminTokenFile(), "  ")).contains(adminTokenFile());
        assertThat(store.authenticate("  ")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space-0123456789", "tab\t0123456789abcdef", "newline0123456789abc\n", "ünicode0123456789abc"})
    void explicit_token_that_a_header_cannot_carry_is_refused(String explicit) {
        TokenStore store = new TokenStore(tokensFile());

        assertThatThrownBy(() -> store.bootstrap(adminTokenFile(), explicit))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
                .message().doesNotContain(explicit.strip());
    }

    @Test
    void explicit_token_longer_than_any_accepted_one_is_refused() {
        TokenStore store = new TokenStore(tokensFile());

        assertThatThrownBy(() -> store.bootstrap(adminTokenFile(), "a".repeat(TokenStore.MAX_PRESENTED_LENGTH + 1)))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
    }

    @Test
    void bootstrap_after_every_token_was_revoked_writes_a_new_admin_token() throws Exception {
        TokenStore store = new TokenStore(tokensFile());
        store.bootstrap(adminTokenFile(), null);
        String first = Files.readString(adminTokenFile()).strip();
        store.revoke("admin");

        assertThat(new TokenStore(tokensFile()).bootstrap(adminTokenFile(), null)).contains(adminTokenFile());
        String second = Files.readString(adminTokenFile()).strip();
        assertThat(second).isNotEqualTo(first);
        assertThat(new TokenStore(tokensFile()).authenticate(second)).isPresent();
        assertThat(new TokenStore(tokensFile()).authenticate(first)).isEmpty();
    }
}
