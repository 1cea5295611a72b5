package io.cartographus.archive;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * One pass over a tar stream: every header is checked (type, name, duplicates, limits) before its
 * entry is handed on, and every regular file is read to its end and hashed.
 */
final class TarScan {
    /** Called for each directory entry, with its name without the trailing slash. */
    interface DirectoryHandler {
        void directory(String path);
    }

    private final ArchiveReader.Limits limits;
    private final ArchiveReader.EntryHandler files;
    private final DirectoryHandler directories;
    private final EntryNames names = new EntryNames();

    TarScan(ArchiveReader.Limits limits, ArchiveReader.EntryHandler files, DirectoryHandler directories) {
        this.limits = limits;
        this.files = files;
        this.directories = directories;
    }

    List<EntryResult> run(DecompressedStream stream) {
        try (stream) {
            return entries(stream, new TarArchiveInputStream(stream, "UTF-8"));
        } catch (IOException e) {
            throw IoFailures.corrupt("closing the archive", e);
        }
    }

    private List<EntryResult> entries(DecompressedStream stream, TarArchiveInputStream tar) throws IOException {
        List<EntryResult> results = new ArrayList<>();
        long total = 0;
        int count = 0;
        String previous = null;
        long previousSize = 0;
        while (true) {
            String where = previous == null ? "reading the first tar header"
                    : "reading the tar header after entry " + EntryNames.quote(previous);
            stream.position(where);
            stream.startHeaders(previousSize);
            TarArchiveEntry entry = next(tar, where);
            stream.endHeaders();
            if (entry == null) {
                if (!stream.sawEndMarker()) {
                    throw new BackupException(ErrorKind.CORRUPT_ARCHIVE,
                            where + ": the archive is truncated (it ends without the tar end-of-archive marker)");
                }
                break;
            }
            if (++count > limits.maxEntries()) {
                throw new BackupException(ErrorKind.CORRUPT_ARCHIVE,
                        "the archive has more than " + limits.maxEntries() + " entries, the limit");
            }
            String quoted = EntryNames.quote(entry.getName());
            if (!entry.isCheckSumOK()) {
                // The parser records a bad header checksum but carries on; a damaged header is corruption.
                throw rejected(quoted, "its tar header checksum does not match (the header is damaged)");
            }
            boolean directory = isDirectory(entry, quoted);
            String path = check(entry.getName(), directory, quoted);
            long size = entry.getSize();
            if (directory) {
                if (size != 0) {
                    throw rejected(quoted, "a directory entry with content");
                }
                directories.directory(path);
            } else {
                if (size > limits.maxEntryBytes()) {
                    throw rejected(quoted, "its size " + size + " is beyond the limit of " + limits.maxEntryBytes() + " bytes");
                }
                if (size > limits.maxTotalBytes() - total) {
                    throw rejected(quoted, "it takes the archive's content beyond the limit of "
                            + limits.maxTotalBytes() + " bytes");
                }
                stream.position("reading archive entry " + quoted);
                results.add(read(tar, path, size, quoted, total));
                total += size;
            }
            previous = entry.getName();
            previousSize = size;
        }
        stream.position(previous == null ? "reading the end of the archive"
                : "reading the end of the archive after entry " + EntryNames.quote(previous));
        stream.drainTail();
        return results;
    }

    private EntryResult read(TarArchiveInputStream tar, String path, long size, String quoted, long total) {
        EntryContent content = new EntryContent(tar, quoted, limits, total);
        try {
            files.entry(path, size, content);
        } catch (IOException e) {
            throw IoFailures.writing("handling archive entry " + quoted, e);
        }
        content.drain();
        if (content.count() != size) {
            throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, "reading archive entry " + quoted
                    + ": the archive is truncated (" + content.count() + " of " + size + " bytes)");
        }
        return new EntryResult(path, size, content.sha256Hex());
    }

    private static TarArchiveEntry next(TarArchiveInputStream tar, String where) {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            throw IoFailures.corrupt(where, e);
        } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException e) {
            // The parser signals some malformed headers with unchecked exceptions.
            throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, where + ": malformed tar header (" + e.getMessage() + ")", e);
        }
    }

    /** Plain files and directories only: links, devices, FIFOs, sparse files and the rest are refused. */
    private static boolean isDirectory(TarArchiveEntry e, String quoted) {
        byte flag = e.getLinkFlag();
        if (e.isSparse()) {
            throw rejected(quoted, "it is a sparse file");
        }
        if (flag == TarConstants.LF_DIR) {
            return true;
        }
        if (flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM) {
            return e.getName().endsWith("/");
        }
        String type = switch (flag) {
            case TarConstants.LF_SYMLINK -> "a symbolic link";
            case TarConstants.LF_LINK -> "a hard link";
            case TarConstants.LF_CHR -> "a character device";
            case TarConstants.LF_BLK -> "a block device";
            case TarConstants.LF_FIFO -> "a FIFO";
            default -> "of tar type '" + (char) flag + "', which is not a regular file or directory";
        };
        throw rejected(quoted, "it is " + type);
    }

    /** Checks the name and records it; returns it without a directory's trailing slash. */
    private String check(String name, boolean directory, String quoted) {
        String path = directory && name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        String problem = EntryNames.problem(path);
        if (problem == null) {
            problem = names.claim(path, directory);
        }
        if (problem != null) {
            throw rejected(quoted, problem);
        }
        return path;
    }

    private static BackupException rejected(String quoted, String why) {
        return new BackupException(ErrorKind.CORRUPT_ARCHIVE, "archive entry " + quoted + " rejected: " + why);
    }
}
