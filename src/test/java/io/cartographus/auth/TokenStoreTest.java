package io.cartographus.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenStoreTest {
    @TempDir
    Path dir;

    private Path tokensFile() {
        return dir.resolve("tokens.json");
    }

    @Test
    void created_token_authenticates_with_its_name_and_role() {
        TokenStore store = new TokenStore(tokensFile());
        CreatedToken created = store.create("ci-bot", Role.OPERATOR);

        assertThat(store.authenticate(created.token())).contains(created.info());
        assertThat(created.info().name()).isEqualTo("ci-bot");
        assertThat(created.info().role()).isEqualTo(Role.OPERATOR);
        assertThat(store.list()).containsExactly(created.info());
    }

    @Test
    void tokens_have_the_documented_format_and_ids_are_eight_hex_digits() {
        TokenStore store = new TokenStore(tokensFile());
        CreatedToken a = store.create("a", Role.VIEWER);
        CreatedToken b = store.create("b", Role.VIEWER);

        assertThat(a.token()).matches("cgr_[A-Za-z0-9_-]{43}").isNotEqualTo(b.token());
        assertThat(a.info().id()).matches("[0-9a-f]{8}").isNotEqualTo(b.info().id());
        assertThat(a.toString()).doesNotContain(a.token());
    }

    @Test
    void created_at_comes_from_the_clock() {
        Instant now = Instant.parse("2026-03-01T10:15:30.123Z");
        TokenStore store = new TokenStore(tokensFile(), Clock.fixed(now, ZoneOffset.UTC));

        assertThat(store.create("x", Role.ADMIN).info().createdAt()).isEqualTo(Instant.parse("2026-03-01T10:15:30Z"));
    }

    @Test
    void tokens_are_stored_only_as_sha256_hashes() throws Exception {
        TokenStore store = new TokenStore(tokensFile());
        CreatedToken created = store.create("ci", Role.ADMIN);
        String content = Files.readString(tokensFile());
        String secretPart = created.token().substring(TokenFormat.PREFIX.length());

        assertThat(content).doesNotContain(created.token()).doesNotContain(secretPart);
        String expectedHash = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(created.token().getBytes(StandardCharsets.UTF_8)));
        JsonNode root = new ObjectMapper().readTree(content);
        assertThat(root.get("version").intValue()).isEqualTo(1);
        JsonNode stored = root.get("tokens").get(0);
        assertThat(stored.get("sha256").textValue()).isEqualTo(expectedHash);
        assertThat(stored.get("id").textValue()).isEqualTo(created.info().id());
        assertThat(stored.get("name").textValue()).isEqualTo("ci");
        assertThat(stored.get("role").textValue()).isEqualTo("admin");
        assertThat(Instant.parse(stored.get("created_at").textValue())).isEqualTo(created.info().createdAt());
    }

    @Test
    void tokens_file_is_readable_by_the_owner_only() throws Exception {
        new TokenStore(tokensFile()).create("ci", Role.VIEWER);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokensFile()))).isEqualTo("rw-------");
    }

    @Test
    void tokens_survive_a_new_instance() {
        TokenStore first = new TokenStore(tokensFile());
        CreatedToken viewer = first.create("viewer-1", Role.VIEWER);
        CreatedToken admin = first.create("admin-1", Role.ADMIN);

        TokenStore second = new TokenStore(tokensFile());

        assertThat(second.list()).containsExactly(viewer.info(), admin.info());
        assertThat(second.authenticate(admin.token())).contains(admin.info());
        assertThat(second.authenticate(viewer.token())).contains(viewer.info());
    }

    @Test
    void revoke_by_id_or_name_stops_the_token_working_and_persists() {
        TokenStore store = new TokenStore(tokensFile());
        CreatedToken byId = store.create("one", Role.VIEWER);
        CreatedToken byName = store.create("two", Role.VIEWER);
        CreatedToken kept = store.create("three", Role.VIEWER);

        assertThat(store.revoke(byId.info().id())).isTrue();
        assertThat(store.revoke("two")).isTrue();
        assertThat(store.revoke("two")).isFalse();
        assertThat(store.revoke("nobody")).isFalse();
        assertThat(store.revoke(null)).isFalse();

        assertThat(store.authenticate(byId.token())).isEmpty();
        assertThat(store.authenticate(byName.token())).isEmpty();
        assertThat(store.authenticate(kept.token())).contains(kept.info());
        assertThat(new TokenStore(tokensFile()).list()).containsExactly(kept.info());
    }

    @Test
    void duplicate_name_is_rejected_as_invalid_request() {
        TokenStore store = new TokenStore(tokensFile());
        store.create("ci", Role.VIEWER);

        assertThatThrownBy(() -> store.create("ci", Role.ADMIN))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
                .hasMessageContaining("already exists");
        assertThat(store.list()).hasSize(1);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "a b", "tab\there", "a/b", "../x", "naïve", "semi;colon",
            "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn",
            "deadbeef", "cgr_abc", "env-admin"})
    void bad_names_are_rejected(String name) {
        TokenStore store = new TokenStore(tokensFile());

        assertThatThrownBy(() -> store.create(name, Role.VIEWER))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
        assertThat(tokensFile()).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "ci-bot.1_x", "DEADBEEF", "deadbeef0", "Admin",
            "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"})
    void good_names_are_accepted(String name) {
        assertThat(new TokenStore(tokensFile()).create(name, Role.VIEWER).info().name()).isEqualTo(name);
    }

    @Test
    void a_token_without_role_is_rejected() {
        assertThatThrownBy(() -> new TokenStore(tokensFile()).create("x", null))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
    }

    @Test
    void wrong_blank_and_oversized_tokens_do_not_authenticate() {
        TokenStore store = new TokenStore(tokensFile());
        String token = store.create("ci", Role.ADMIN).token();
        char last = token.charAt(token.length() - 1);
        String almost = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(store.authenticate(null)).isEmpty();
        assertThat(store.authenticate("")).isEmpty();
        assertThat(store.authenticate("   ")).isEmpty();
        assertThat(store.authenticate(almost)).isEmpty();
        assertThat(store.authenticate(token + " ")).isEmpty();
        assertThat(store.authenticate(token + "x".repeat(TokenStore.MAX_PRESENTED_LENGTH))).isEmpty();
        assertThat(store.authenticate(token)).isPresent();
    }

    @Test
    void a_token_of_exactly_the_maximum_length_is_still_compared() {
        TokenStore store = new TokenStore(tokensFile());
        String longest = "a".repeat(TokenStore.MAX_PRESENTED_LENGTH);
        store.bootstrap(dir.resolve("admin.token"), longest);

        assertThat(store.authenticate(longest)).isPresent();
        assertThat(store.authenticate(longest + "a")).isEmpty();
    }
}
