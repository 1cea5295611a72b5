package io.cartographus.catalog;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.AtomicFile;
import io.cartographus.fs.Permissions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Writes and reads a {@code sha256sum}-format file ({@code <hex>  <name>}) from BACKUP_DIR. The file is as
 * untrusted as the rest of the directory: a link is not followed, only the first 4 KiB are read, and
 * only a well-formed hash is ever returned, so that its content can never be echoed into an error.
 */
public final class ChecksumFile {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_BYTES = 4096;

    private ChecksumFile() {
    }

    /**
     * The hash the file holds (lower case), or null when its first word is not a SHA-256.
     *
     * @throws IOException when it is missing, unreadable or a symbolic link
     */
    public static String expected(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            head = in.readNBytes(MAX_BYTES);
        }
        String first = new String(head, StandardCharsets.US_ASCII).strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        return SHA256.matcher(first).matches() ? first : null;
    }

    /** Writes the checksum file of backup {@code id}, in the format {@code sha256sum -c} checks. */
    public static void write(BackupFiles files, String id, String checksum, String fileName) {
        try {
            AtomicFile.write(files.checksum(id), (checksum + "  " + fileName + "\n").getBytes(StandardCharsets.UTF_8), Permissions.FILE);
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot write " + files.checksum(id) + ": " + e.getMessage(), e);
        }
    }
}
