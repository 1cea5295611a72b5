package io.cartographus.restore;

import io.cartographus.backup.Manifest;
import io.cartographus.catalog.ArchiveProbe;
import io.cartographus.catalog.BackupId;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.CreatedAt;
import io.cartographus.catalog.Trigger;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.validate.ArchiveSurvey;
import io.cartographus.validate.ArchiveVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers an archive found in BACKUP_DIR without a record (guide, scenario 2: a new machine whose
 * backup directory was copied or mounted): the archive is read once, writing nothing, to hash it and
 * find its manifest (the last entry, so the whole file is read), and it becomes a completed record
 * whose verification is pending (the background verifier then test-restores it), or a corrupted
 * one naming what is wrong. The id is the one in the file name when it is valid, else the
 * manifest's, else a new one from the manifest's time and type; the file keeps its name.
 */
public final class ArchiveDiscovery implements ArchiveProbe {
    private static final Logger log = LoggerFactory.getLogger(ArchiveDiscovery.class);

    private final ArchiveSurvey survey;
    private final boolean verify;
    private final Clock clock;

    /** @param verify BACKUP_VERIFY: registered backups start with verification pending (else none) */
    public ArchiveDiscovery(ArchiveSurvey survey, boolean verify, Clock clock) {
        this.survey = survey;
        this.verify = verify;
        this.clock = clock;
    }

    @Override
    public Finding describe(Path archive, String idFromName, List<BackupRecord> known, Predicate<String> taken) {
        String name = archive.getFileName().toString();
        log.info("backup index: reading {} (no record) to find its manifest", name);
        long size;
        String checksum;
        ArchiveSurvey.Survey s;
        String unreadable = null;
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(archive, java.nio.file.LinkOption.NOFOLLOW_LINKS), sha256())) {
            size = Files.size(archive);
            try {
                s = survey.survey(in, ArchiveVerifier.freeSpaceLimits(archive.getParent()));
            } catch (BackupException e) {
                if (e.kind() == ErrorKind.INVALID_REQUEST) {
                    // A key problem, not damage: registering it now would fix a wrong status for good.
                    return new Finding(null, "skipped: " + e.getMessage() + "; configure the key and restart to register it");
                }
                s = null;
                unreadable = e.getMessage();
            }
            in.transferTo(java.io.OutputStream.nullOutputStream());
            checksum = HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            return new Finding(null, "skipped: cannot read it: " + e.getMessage());
        }
        for (BackupRecord r : known) {
            if (checksum.equalsIgnoreCase(r.checksum())) {
                return new Finding(null, "ignored: it has the same content as backup " + r.id());
            }
        }
        String sidecarProblem = checksumFileProblem(archive, checksum);
        Manifest m = s == null ? null : s.manifest();
        BackupType type = ManifestRecords.type(m);
        Instant now = clock.instant();
        if (unreadable != null || type == null || !s.problems().isEmpty() || sidecarProblem != null) {
            String error = unreadable != null ? unreadable
                    : m == null || type == null ? (s.problems().isEmpty() ? "its manifest names no known backup type" : String.join("; ", s.problems()))
                    : sidecarProblem != null ? sidecarProblem : String.join("; ", s.problems());
            if (idFromName == null && type == null) {
                return new Finding(null, "ignored: it is unreadable and its name carries no backup id: " + error);
            }
            BackupType t = type != null ? type : ManifestRecords.typeOfId(idFromName);
            Instant created = believable(m != null && m.createdAt() != null ? m.createdAt()
                    : idFromName != null ? ManifestRecords.timeOfId(idFromName) : now, now);
            String id = usable(idFromName, taken, now) ? idFromName : ManifestRecords.newId(created, t, taken);
            BackupRecord r = ManifestRecords.corrupted(id, t, m != null ? ManifestRecords.trigger(m) : ManifestRecords.triggerOfId(id),
                    created, name, size, checksum, now, "found in BACKUP_DIR without a record", error);
            return new Finding(r, "registered as backup " + id + ", CORRUPTED: " + error);
        }
        String id = chooseId(idFromName, m, type, now, taken);
        String notes = "found in BACKUP_DIR without a record; registered from its manifest"
                + (id.equals(m.backupId()) || m.backupId() == null ? "" : " (written as backup " + m.backupId() + ")");
        BackupRecord r = ManifestRecords.completed(id, type, ManifestRecords.trigger(m), s, name, size, checksum, now, 0, notes,
                verify ? BackupRecord.Verification.pending() : null);
        return new Finding(r, "registered as backup " + id + " (" + type.label() + ", " + r.recordCount() + " playback events)"
                + (verify ? ", verification pending" : ""));
    }

    private static String chooseId(String fromName, Manifest m, BackupType type, Instant now, Predicate<String> taken) {
        if (usable(fromName, taken, now)) {
            return fromName;
        }
        if (usable(m.backupId(), taken, now)) {
            return m.backupId();
        }
        return ManifestRecords.newId(believable(m.createdAt() != null ? m.createdAt() : now, now), type, taken);
    }

    /**
     * An id from a file name or a manifest is kept unless it is taken or names a moment in the future:
     * the bucket orders backups by id, so such an id would be the off-site "latest" forever.
     */
    private static boolean usable(String id, Predicate<String> taken, Instant now) {
        return BackupId.isValid(id) && !taken.test(id) && !CreatedAt.inFuture(ManifestRecords.timeOfId(id), now);
    }

    private static Instant believable(Instant claimed, Instant now) {
        return CreatedAt.inFuture(claimed, now) ? now : claimed;
    }

    /** The {@code sha256sum} file next to the archive (same base name), if any, must agree with the bytes. */
    private static String checksumFileProblem(Path archive, String actual) {
        String name = archive.getFileName().toString();
        Path sidecar = archive.resolveSibling(name.substring(0, name.indexOf(".tar")) + ".sha256");
        if (!Files.exists(sidecar, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            String expected = io.cartographus.catalog.ChecksumFile.expected(sidecar);
            return expected == null ? "checksum file " + sidecar.getFileName() + " does not hold a SHA-256"
                    : expected.equalsIgnoreCase(actual) ? null
                    : "checksum mismatch: the archive hashes to " + actual + " but " + sidecar.getFileName() + " says " + expected;
        } catch (IOException e) {
            return "checksum file " + sidecar.getFileName() + " is unreadable: " + e.getMessage();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
