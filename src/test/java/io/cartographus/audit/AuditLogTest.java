package io.cartographus.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditLogTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String TOKEN = "cgr_Qm9vbXNoYWthbGFrYWJvb21zaGFrYWxha2Fib29tc2g";

    @TempDir
    Path dir;

    private Path logFile() {
        return dir.resolve("audit.log");
    }

    private static AuditEntry entry(int second, String action) {
        return new AuditEntry(T0.plusSeconds(second), "ci", "operator", action, "20260101-020000-full", "success",
                "127.0.0.1", "entry " + second);
    }

    @Test
    void each_entry_is_one_json_line_with_snake_case_keys() throws Exception {
        AuditLog log = new AuditLog(logFile());
        log.record(entry(1, "backup.create"));
        log.record(new AuditEntry(T0, null, null, "auth.rejected", null, "rejected", "10.0.0.7", "line one\nline two"));

        List<String> lines = Files.readAllLines(logFile());
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.fieldNames()).toIterable().containsExactly(
                "time", "token_name", "role", "action", "target", "outcome", "remote_address", "detail");
        assertThat(first.get("time").textValue()).isEqualTo("2026-01-01T00:00:01Z");
        assertThat(first.get("token_name").textValue()).isEqualTo("ci");
        assertThat(first.get("remote_address").textValue()).isEqualTo("127.0.0.1");
        JsonNode second = new ObjectMapper().readTree(lines.get(1));
        assertThat(second.get("token_name").isNull()).isTrue();
        assertThat(second.get("detail").textValue()).isEqualTo("line one\nline two");
    }

    @Test
    void entries_read_back_equal_to_what_was_recorded() {
        AuditLog log = new AuditLog(logFile());
        AuditEntry written = new AuditEntry(T0, null, null, "auth.rejected", null, "rejected", "::1", "quote \" and ü");
        log.record(written);

        assertThat(log.read(0, 10, null).entries()).containsExactly(written);
    }

    @Test
    void file_is_created_with_mode_0640() throws Exception {
        new AuditLog(logFile()).record(entry(0, "sync"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(logFile()))).isEqualTo("rw-r-----");
    }

    @Test
    void pages_are_newest_first_and_filtered_by_action() {
        AuditLog log = new AuditLog(logFile());
        for (int i = 0; i < 10; i++) {
            log.record(entry(i, i % 2 == 0 ? "backup.create" : "backup.restore"));
        }

        assertThat(seconds(log.read(0, 3, null))).containsExactly(9, 8, 7);
        assertThat(seconds(log.read(3, 3, null))).containsExactly(6, 5, 4);
        assertThat(seconds(log.read(8, 5, null))).containsExactly(1, 0);
        assertThat(seconds(log.read(10, 5, null))).isEmpty();
        assertThat(seconds(log.read(0, 0, null))).isEmpty();
        assertThat(log.read(10, 5, null).total()).isEqualTo(10);

        AuditPage restores = log.read(1, 2, "backup.restore");
        assertThat(seconds(restores)).containsExactly(7, 5);
        assertThat(restores.total()).isEqualTo(5);
        assertThat(log.read(0, 10, "token.create").total()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "target|" + TOKEN,
            "detail|rejected token " + TOKEN + " from the CLI",
            "detail|header was Authorization: Bearer " + TOKEN,
            "detail|header was Authorization: bearer some-other-secret",
            "tokenName|" + TOKEN,
            "remoteAddress|" + TOKEN,
            "detail|a cut-off token cgr_Qm9vbXNo",
    })
    void anything_shaped_like_a_token_is_masked(String field, String value) throws Exception {
        AuditLog log = new AuditLog(logFile());
        AuditEntry e = switch (field) {
            case "target" -> new AuditEntry(T0, "ci", "admin", "backup.delete", value, "success", null, null);
            case "detail" -> new AuditEntry(T0, "ci", "admin", "backup.delete", "x", "failure", null, value);
            case "tokenName" -> new AuditEntry(T0, value, "admin", "token.create", "x", "success", null, null);
            default -> new AuditEntry(T0, "ci", "admin", "backup.delete", "x", "success", value, null);
        };
        log.record(e);

        String content = Files.readString(logFile());
        assertThat(content).doesNotContain(TOKEN).doesNotContain("cgr_Qm9vbXNo").doesNotContain("some-other-secret")
                .contains("***");
        assertThat(log.read(0, 1, null).entries()).hasSize(1);
    }

    @Test
    void ordinary_text_is_not_masked() {
        AuditLog log = new AuditLog(logFile());
        log.record(new AuditEntry(T0, "cgr-bot", "admin", "token.create", "backup_cgr", "success", null, "bearer"));

        AuditEntry back = log.read(0, 1, null).entries().get(0);
        assertThat(back.tokenName()).isEqualTo("cgr-bot");
        assertThat(back.target()).isEqualTo("backup_cgr");
        assertThat(back.detail()).isEqualTo("bearer");
    }

    @Test
    void oversized_fields_are_cut() {
        AuditLog log = new AuditLog(logFile());
        log.record(new AuditEntry(T0, "ci", "admin", "sync", "x", "failure", null, "e".repeat(100_000)));

        assertThat(log.read(0, 1, null).entries().get(0).detail()).hasSizeLessThan(1100);
    }

    @Test
    void unparseable_lines_are_skipped_and_counted() throws Exception {
        AuditLog log = new AuditLog(logFile());
        log.record(entry(1, "sync"));
        Files.writeString(logFile(), String.join("\n",
                "not json",
                "[1,2,3]",
                "{\"time\":\"yesterday\",\"action\":\"sync\",\"outcome\":\"success\"}",
                "{\"time\":\"2026-01-01T00:00:05Z\",\"outcome\":\"success\"}",
                "",
                "   ",
                "{\"time\":\"2026-01-01T00:00:0") + "\n", StandardOpenOption.APPEND);
        Files.write(logFile(), new byte[]{(byte) 0xff, (byte) 0xfe, '\n'}, StandardOpenOption.APPEND);
        log.record(entry(2, "sync"));

        AuditPage page = log.read(0, 10, null);

        assertThat(seconds(page)).containsExactly(2, 1);
        assertThat(page.total()).isEqualTo(2);
        assertThat(page.skippedLines()).isEqualTo(6);
    }

    @Test
    void a_missing_log_reads_as_empty() {
        AuditPage page = new AuditLog(logFile()).read(0, 10, null);

        assertThat(page.entries()).isEmpty();
        assertThat(page.total()).isZero();
    }

    @Test
    void negative_offset_or_limit_is_an_invalid_request() {
        AuditLog log = new AuditLog(logFile());

        assertThatThrownBy(() -> log.read(-1, 10, null))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
        assertThatThrownBy(() -> log.read(0, -1, null)).isInstanceOf(BackupException.class);
    }

    @Test
    void an_unwritable_log_does_not_fail_the_caller() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        AuditLog log = new AuditLog(notADirectory.resolve("audit.log"));

        log.record(entry(0, "backup.create"));

        assertThat(Files.readString(notADirectory)).isEqualTo("x");
    }

    private static List<Integer> seconds(AuditPage page) {
        return page.entries().stream().map(e -> (int) (e.time().getEpochSecond() - T0.getEpochSecond())).toList();
    }
}
