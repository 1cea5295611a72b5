package io.cartographus.catalog;

import io.cartographus.config.BackupType;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Backup ids: {@code yyyyMMdd-HHmmss-<label>} in UTC, {@code -2}, {@code -3}… for a second backup in the
 * same second. Every id received from outside is checked against this pattern before it gets near
 * the filesystem, so {@code ../x} or an absolute path can never become a file name.
 */
public final class BackupId {
    private static final Pattern PATTERN =
            Pattern.compile("\\d{8}-\\d{6}-(full|database|config|pre-restore|pre-sync)(-[1-9]\\d{0,5})?");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private BackupId() {
    }

    public static boolean isValid(String id) {
        return id != null && id.length() <= 64 && PATTERN.matcher(id).matches();
    }

    /** Returns the id unchanged, or throws INVALID_REQUEST naming the expected form. */
    public static String require(String id) {
        if (!isValid(id)) {
            String shown = id == null ? "null" : id.length() > 80 ? id.substring(0, 80) + "…" : id;
            throw new BackupException(ErrorKind.INVALID_REQUEST, "invalid backup id '" + shown.replaceAll("\\p{Cntrl}", "?")
                    + "': expected yyyyMMdd-HHmmss-<full|database|config|pre-restore|pre-sync>, e.g. 20260101-020000-full");
        }
        return id;
    }

    /** The moment a valid id names (UTC, to the second). */
    public static Instant timeOf(String id) {
        return java.time.LocalDateTime.parse(require(id).substring(0, 15), DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                .toInstant(ZoneOffset.UTC);
    }

    /** The label of an id for a backup of this type and trigger. */
    public static String label(BackupType type, Trigger trigger) {
        return switch (trigger) {
            case PRE_RESTORE -> "pre-restore";
            case PRE_SYNC -> "pre-sync";
            default -> type.label();
        };
    }

    /** The first free id for this moment and label. */
    public static String next(Instant now, String label, Predicate<String> taken) {
        String base = STAMP.format(now) + "-" + label;
        if (!taken.test(base)) {
            return base;
        }
        for (int n = 2; ; n++) {
            String candidate = base + "-" + n;
            if (!taken.test(candidate)) {
                return candidate;
            }
        }
    }
}
