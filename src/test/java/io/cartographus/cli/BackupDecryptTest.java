package io.cartographus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.engine.Engine;
import io.cartographus.config.ConfigLoader;
import io.cartographus.config.LoadedConfig;
import io.cartographus.crypto.ArchiveCipher;
import io.cartographus.crypto.EncryptionParameters;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backup decrypt} on real files: what it writes, and that it writes nothing it cannot vouch for. */
class BackupDecryptTest {
    private static final String K1 = "k1-key-0123456789abcdef0123456789abcdef";
    private static final String ID = "20260101-020000-full";

    @TempDir
    Path tmp;

    private final byte[] plain = new byte[300_000];

    /** Only the configuration is needed: decrypt works on files, without the engine. */
    private Wiring wiring(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("DATA_DIR", tmp.resolve("data").toString());
        return new Wiring() {
            @Override
            public LoadedConfig config() {
                return ConfigLoader.load(all, tmp);
            }

            @Override
            public Engine engine(LoadedConfig config) {
                throw new AssertionError("decrypt must not build the engine");
            }

            @Override
            public int serve(LoadedConfig config) {
                throw new AssertionError();
            }

            @Override
            public String version() {
                return "test";
            }
        };
    }

    private int decrypt(Map<String, String> env, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "backup";
        all[1] = "decrypt";
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.run(all, wiring(env));
    }

    /** An encrypted archive in BACKUP_DIR with its sidecar, as the backup job leaves it. */
    private Path archive() throws IOException {
        new Random(7).nextBytes(plain);
        Path dir = Files.createDirectories(tmp.resolve("data").resolve("backups"));
        Path file = dir.resolve("backup-" + ID + ".tar.gz.enc");
        ArchiveCipher k1 = new ArchiveCipher("k1", K1, Map.of(), new EncryptionParameters(64, 1, 1, 4096));
        try (OutputStream out = k1.encrypting(Files.newOutputStream(file))) {
            out.write(plain);
        }
        Files.writeString(dir.resolve("backup-" + ID + ".json"), "{\"id\":\"" + ID + "\",\"file_name\":\"" + file.getFileName() + "\"}");
        return file;
    }

    private static Map<String, String> keys(String oldKeys) {
        Map<String, String> env = new HashMap<>(Map.of("BACKUP_ENCRYPTION_KEY_ID", "k2",
                "BACKUP_ENCRYPTION_KEY", "k2-key-fedcba9876543210fedcba9876543210"));
        if (oldKeys != null) {
            env.put("BACKUP_ENCRYPTION_OLD_KEYS", oldKeys);
        }
        return env;
    }

    private Stream<String> namesIn(Path dir) throws IOException {
        return Files.list(dir).map(p -> p.getFileName().toString()).toList().stream();
    }

    @Test
    void an_id_decrypts_to_the_plain_archive_readable_by_the_owner_only() throws IOException {
        archive();
        Path out = tmp.resolve("out.tar.gz");
        assertThat(decrypt(keys("k1=" + K1), ID, "-o", out.toString())).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(plain);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
    }

    @Test
    void a_directory_as_output_gets_the_archive_name_without_enc() throws IOException {
        Path file = archive();
        Path dir = Files.createDirectories(tmp.resolve("work"));
        assertThat(decrypt(keys("k1=" + K1), file.toString(), "-o", dir.toString())).isZero();
        assertThat(Files.readAllBytes(dir.resolve("backup-" + ID + ".tar.gz"))).isEqualTo(plain);
    }

    @Test
    void an_existing_output_is_kept_unless_forced() throws IOException {
        archive();
        Path out = Files.writeString(tmp.resolve("out.tar.gz"), "mine");
        assertThat(decrypt(keys("k1=" + K1), ID, "-o", out.toString())).isEqualTo(ExitCodes.INVALID);
        assertThat(Files.readString(out)).isEqualTo("mine");
        assertThat(decrypt(keys("k1=" + K1), ID, "-o", out.toString(), "--force")).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(plain);
    }

    @Test
    void a_modified_archive_leaves_neither_output_nor_temporary_file() throws IOException {
        Path file = archive();
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {0x55}), Files.size(file) - 20);
        }
        Path dir = Files.createDirectories(tmp.resolve("work"));
        assertThat(decrypt(keys("k1=" + K1), ID, "-o", dir.resolve("out.tar.gz").toString())).isEqualTo(ExitCodes.INVALID);
        assertThat(namesIn(dir)).isEmpty();
    }

    @Test
    void a_missing_or_wrong_key_writes_nothing() throws IOException {
        archive();
        Path dir = Files.createDirectories(tmp.resolve("work"));
        assertThat(decrypt(keys(null), ID, "-o", dir.resolve("a").toString())).isEqualTo(ExitCodes.INVALID);
        assertThat(decrypt(keys("k1=" + K1.replace('k', 'K')), ID, "-o", dir.resolve("b").toString())).isEqualTo(ExitCodes.INVALID);
        assertThat(decrypt(Map.of(), ID, "-o", dir.resolve("c").toString())).isEqualTo(ExitCodes.INVALID);
        assertThat(namesIn(dir)).isEmpty();
    }

    @Test
    void a_plain_archive_or_an_unknown_id_is_refused() throws IOException {
        Path plainFile = Files.write(tmp.resolve("backup.tar.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0});
        assertThat(decrypt(keys(null), plainFile.toString(), "-o", tmp.resolve("x").toString())).isEqualTo(ExitCodes.INVALID);
        Files.createDirectories(tmp.resolve("data").resolve("backups"));
        assertThat(decrypt(keys(null), "20260101-020000-database", "-o", tmp.resolve("y").toString())).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(tmp.resolve("x")).doesNotExist();
        assertThat(tmp.resolve("y")).doesNotExist();
    }
}
