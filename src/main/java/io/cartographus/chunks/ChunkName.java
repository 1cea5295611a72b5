package io.cartographus.chunks;

import io.cartographus.config.Compression;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.util.List;
import java.util.regex.Pattern;

/** The form of a chunk file's name: 64 lowercase hex digits and a suffix saying how it is stored. */
public final class ChunkName {
    static final Pattern FILE = Pattern.compile("[0-9a-f]{64}(\\.zst|\\.gz|\\.enc)?");
    static final String SEALED = ".enc";
    static final List<String> SUFFIXES = List.of("", ".zst", ".gz", SEALED);

    private ChunkName() {
    }

    public static boolean valid(String file) {
        return file != null && FILE.matcher(file).matches();
    }

    /** Refuses a name that is not ours (it could name a path outside the store). */
    static String require(String file) {
        if (!valid(file)) {
            throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, "the chunk name " + quoted(file)
                    + " is not of the form <64 hex digits>[.zst|.gz|.enc]");
        }
        return file;
    }

    static String id(String file) {
        return file.substring(0, 64);
    }

    static String suffix(String file) {
        return file.substring(64);
    }

    static String suffix(Compression c) {
        return switch (c) {
            case NONE -> "";
            case GZIP -> ".gz";
            case ZSTD -> ".zst";
        };
    }

    static Compression compression(String suffix) {
        return switch (suffix) {
            case ".gz" -> Compression.GZIP;
            case ".zst" -> Compression.ZSTD;
            default -> Compression.NONE;
        };
    }

    private static String quoted(String s) {
        if (s == null) {
            return "(none)";
        }
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
