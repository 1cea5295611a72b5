package io.cartographus.crypto;

import static io.cartographus.crypto.TestCiphers.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** An encrypted archive must not give away that it is a tar, holds a DuckDB file, or any row. */
class ArchiveCipherLeakTest {
    private static final byte[] ROW_VALUE = "Quokka-Zanzibar-7731@example.org".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DUCKDB_MAGIC = "DUCK".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAR_MAGIC = "ustar".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    static Stream<EncryptionParameters> parameters() {
        return Stream.of(TestCiphers.FAST, new EncryptionParameters(64, 1, 1, 1024 * 1024));
    }

    @ParameterizedTest
    @MethodSource("parameters")
    void ciphertext_contains_neither_tar_header_nor_duckdb_magic_nor_row_values(EncryptionParameters parameters)
            throws IOException {
        byte[] tar = uncompressedTarWithDatabase();
        assertThat(TestCiphers.contains(tar, TAR_MAGIC)).isTrue();
        assertThat(TestCiphers.contains(tar, DUCKDB_MAGIC)).isTrue();
        assertThat(TestCiphers.contains(tar, ROW_VALUE)).isTrue();

        ArchiveCipher cipher = new ArchiveCipher("a", KEY_A, Map.of(), parameters);
        Path file = TestCiphers.encrypt(cipher, tar, dir.resolve("backup.tar.enc"));
        byte[] encrypted = Files.readAllBytes(file);

        assertThat(TestCiphers.contains(encrypted, TAR_MAGIC)).isFalse();
        assertThat(TestCiphers.contains(encrypted, DUCKDB_MAGIC)).isFalse();
        assertThat(TestCiphers.contains(encrypted, ROW_VALUE)).isFalse();
        assertThat(TestCiphers.contains(encrypted, "cartographus.duckdb".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(TestCiphers.decrypt(cipher, file)).isEqualTo(tar);
    }

    /** A tar as the backup writes it uncompressed, with a stand-in database: DuckDB's magic at offset 8, rows. */
    private static byte[] uncompressedTarWithDatabase() throws IOException {
        ByteArrayOutputStream database = new ByteArrayOutputStream();
        database.write(new byte[8]);
        database.write(DUCKDB_MAGIC);
        database.write(new byte[4096 - 12]);
        for (int row = 0; row < 2000; row++) {
            database.write(("row " + row + ": ").getBytes(StandardCharsets.US_ASCII));
            database.write(ROW_VALUE);
        }
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            add(out, "database/cartographus.duckdb", database.toByteArray());
            add(out, "manifest.json", "{\"backup_id\":\"20260101-020000-full\"}".getBytes(StandardCharsets.UTF_8));
        }
        return tar.toByteArray();
    }

    private static void add(TarArchiveOutputStream out, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        out.putArchiveEntry(entry);
        out.write(content);
        out.closeArchiveEntry();
    }
}
