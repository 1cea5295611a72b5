package io.cartographus.audit;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.Permissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code audit.log}: one JSON line per audited event (docs/design.md §8), mode 0640.
 *
 * <p>Each line goes to the file in a single write on a channel opened with O_APPEND, so lines from
 * several threads or processes never interleave, then the file is forced to disk. The file is opened
 * per entry, which costs little next to the force and lets logrotate move it away at any time.
 *
 * <p>Auditing must not break the action it records: an I/O failure is logged as a warning, never thrown.
 */
public final class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final Path file;
    private final AuditLines lines = new AuditLines();
    /**
     * O_APPEND already keeps whole writes apart; the lock also covers the rare short write (a full disk),
     * which would otherwise let another thread's line land between the two halves of ours.
     */
    private final ReentrantLock appendLock = new ReentrantLock();

    public AuditLog(Path file) {
        this.file = file.toAbsolutePath();
    }

    public void record(AuditEntry entry) {
        try {
            ByteBuffer line = ByteBuffer.wrap(lines.format(entry));
            createIfMissing();
            // CREATE as well: if logrotate moves the file between the two calls, the entry is still written.
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                appendLock.lock();
                try {
                    while (line.hasRemaining()) {
                        channel.write(line);
                    }
                } finally {
                    appendLock.unlock();
                }
                channel.force(false);
            }
        } catch (IOException e) {
            LOG.warn("Could not write {} entry for {} to the audit log {}: {}", entry.action(), entry.outcome(), file,
                    e.toString());
        }
    }

    /**
     * Entries newest first, skipping {@code offset} matching ones and returning at most {@code limit}.
     * Only {@code offset + limit} entries are held in memory, however long the log is.
     *
     * @param actionFilterOrNull only entries with exactly this action, or all when null
     */
    public AuditPage read(int offset, int limit, String actionFilterOrNull) {
        if (offset < 0 || limit < 0) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "audit log offset and limit must not be negative");
        }
        long keep = (long) offset + limit;
        Deque<AuditEntry> newest = new ArrayDeque<>();
        int total = 0;
        int skipped = 0;
        // InputStreamReader replaces malformed UTF-8 instead of throwing, so one bad byte costs one line.
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                Optional<AuditEntry> entry = lines.parse(line);
                if (entry.isEmpty()) {
                    skipped++;
                } else if (actionFilterOrNull == null || actionFilterOrNull.equals(entry.get().action())) {
                    total++;
                    newest.addLast(entry.get());
                    if (newest.size() > keep) {
                        newest.removeFirst();
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return new AuditPage(List.of(), 0, 0);
        } catch (IOException e) {
            throw new BackupException(ErrorKind.INTERNAL, "cannot read the audit log " + file + ": " + e.getMessage(), e);
        }
        List<AuditEntry> page = new ArrayList<>(Math.min(limit, newest.size()));
        // The deque holds the last offset+limit matches, oldest first: skip `offset` from its end.
        var it = newest.descendingIterator();
        for (int i = 0; it.hasNext() && page.size() < limit; i++) {
            AuditEntry e = it.next();
            if (i >= offset) {
                page.add(e);
            }
        }
        return new AuditPage(page, total, skipped);
    }

    /** Creates the file with 0640 (set explicitly: the umask could otherwise widen or narrow it). */
    private void createIfMissing() throws IOException {
        if (Files.exists(file)) {
            return;
        }
        try {
            Files.createFile(file);
            Permissions.set(file, Permissions.FILE);
        } catch (FileAlreadyExistsException e) {
            // Another thread or process created it first; it set the mode.
        }
    }
}
