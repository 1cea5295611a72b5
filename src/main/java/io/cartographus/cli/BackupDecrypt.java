package io.cartographus.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.catalog.BackupFiles;
import io.cartographus.catalog.BackupId;
import io.cartographus.config.AppConfig;
import io.cartographus.crypto.ArchiveCipher;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.AtomicFile;
import io.cartographus.fs.Permissions;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Writes the plain compressed tar inside an encrypted archive, for manual work ({@code tar -tzf}).
 * Offline and read-only on BACKUP_DIR, so it also works while a server runs or after the app is
 * gone. The output appears under its name only once the whole archive has authenticated: a
 * modified or truncated archive leaves no output at all.
 */
@Command(name = "decrypt", description = {
        "Decrypt an encrypted backup (an id in BACKUP_DIR, or a .enc file) to its plain compressed tar.",
        "Keys come from BACKUP_ENCRYPTION_KEY/_KEY_ID and BACKUP_ENCRYPTION_OLD_KEYS; works offline."})
final class BackupDecrypt implements Callable<Integer> {
    private static final String SUFFIX = ".enc";

    @Parameters(paramLabel = "ID|FILE", description = "A backup id (looked up in BACKUP_DIR) or the path of an encrypted archive")
    String source;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Where to write the plain archive (a file, or a directory for its own name without .enc;"
                    + " default: that name in the current directory)")
    Path output;

    @Option(names = "--force", description = "Replace OUT if it exists")
    boolean force;

    private final Wiring wiring;

    BackupDecrypt(Wiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public Integer call() {
        try {
            AppConfig config = wiring.config().config();
            Path archive = archive(config.backup().backupDir());
            Path target = target(archive);
            decrypt(ArchiveCipher.fromConfig(config.backup().encryption()), archive, target);
            return ExitCodes.OK;
        } catch (BackupException e) {
            System.err.println("error: " + e.getMessage() + (e.hint() == null ? "" : "\n  hint: " + e.hint()));
            return ExitCodes.of(e.kind());
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    private void decrypt(ArchiveCipher cipher, Path archive, Path target) throws IOException {
        String name = archive.getFileName().toString();
        String keyId;
        try (InputStream head = Files.newInputStream(archive)) {
            if (!ArchiveCipher.isEncrypted(head.readNBytes(8))) {
                throw new BackupException(ErrorKind.INVALID_REQUEST, name + " is not encrypted: it is already a plain archive",
                        "use it as it is (tar -tf " + name + ")", null);
            }
        }
        try (InputStream head = Files.newInputStream(archive)) {
            keyId = ArchiveCipher.readHeader(head).keyId();
        }
        long written;
        // The plaintext is the whole database: readable by the owner only, unlike archives (0640).
        try (AtomicFile.Writing out = AtomicFile.begin(target, Permissions.SECRET);
             InputStream plain = cipher.decrypting(new BufferedInputStream(Files.newInputStream(archive), 1 << 20), name)) {
            // Reading to the end authenticates every segment, the last one included; only then commit.
            written = plain.transferTo(out.stream());
            out.commit();
        }
        System.out.println("decrypted " + name + " (key id " + keyId + ") to " + target + " (" + written + " bytes)");
    }

    /** An id names a file in BACKUP_DIR (by its record, else by its name); anything else is a path. */
    private Path archive(Path backupDir) throws IOException {
        Path asFile = Path.of(source);
        if (!BackupId.isValid(source) || Files.isRegularFile(asFile)) {
            if (!Files.isRegularFile(asFile)) {
                throw new BackupException(ErrorKind.NOT_FOUND, "no such file: " + asFile.toAbsolutePath()
                        + " (give a backup id such as 20260101-020000-full, or the path of a .enc file)");
            }
            return asFile.toAbsolutePath();
        }
        BackupFiles files = new BackupFiles(backupDir);
        Path sidecar = files.sidecar(source);
        if (Files.isRegularFile(sidecar)) {
            String fileName = new ObjectMapper().readTree(sidecar.toFile()).path("file_name").asText(null);
            if (BackupFiles.isArchiveName(source, fileName) && Files.isRegularFile(files.archive(fileName), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return files.archive(fileName);
            }
        }
        String prefix = "backup-" + source + ".tar";
        try (Stream<Path> list = Files.list(backupDir)) {
            return list.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new BackupException(ErrorKind.NOT_FOUND, "backup " + source + " has no archive in " + backupDir));
        }
    }

    private Path target(Path archive) {
        String name = archive.getFileName().toString();
        String plainName = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name + ".plain";
        Path t = output == null ? Path.of(plainName) : output;
        if (Files.isDirectory(t)) {
            t = t.resolve(plainName);
        }
        t = t.toAbsolutePath();
        if (t.equals(archive)) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "the output " + t + " is the archive itself; choose another -o");
        }
        if (Files.exists(t) && !force) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, t + " already exists; pass --force to replace it");
        }
        return t;
    }
}
