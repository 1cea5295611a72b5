package io.cartographus.bench;

/** Every timed operation, in the order the report lists them. */
enum Op {
    BACKUP_GZIP("our backup, gzip 6"),
    TAR_GZIP("`tar czf`"),
    BACKUP_ZSTD("our backup, zstd 3"),
    TAR_ZSTD("`tar -I 'zstd -3 -T0' -cf`"),
    BACKUP_ZSTD_ENCRYPTED("our backup, zstd 3 + encryption"),
    KEY_DERIVATION("setting up an encrypted archive: Argon2id (64 MiB, 3 passes) and the AES-GCM warm-up, in a fresh cipher"),
    BACKUP_NONE("our backup, no compression"),
    TAR_NONE("`tar cf`"),
    CP("`cp` of the database file"),
    RESTORE_ZSTD("our restore of the zstd backup (checks included, see below)"),
    UNTAR_ZSTD("`tar xf` of the `tar -I zstd` archive"),
    RESTORE_GZIP("our restore of the gzip backup (checks included, see below)"),
    UNTAR_GZIP("`tar xf` of the `tar czf` archive"),
    DATABASE_CHECK("database check: open read-only, scan every table (done once in each restore)"),
    LIVE_SCAN("verify after restore: scan every table of the reopened database"),
    VALIDATE_ZSTD("our validation of the zstd backup"),
    VALIDATE_GZIP("our validation of the gzip backup");

    private final String label;

    Op(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
