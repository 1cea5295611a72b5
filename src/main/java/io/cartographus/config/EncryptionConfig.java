package io.cartographus.config;

import java.util.Map;

/**
 * BACKUP_ENCRYPTION_ENABLED, _KEY, _KEY_ID and BACKUP_ENCRYPTION_OLD_KEYS (key id to key, for
 * backups made before a rotation). Keys never appear in toString.
 */
public record EncryptionConfig(boolean enabled, String key, String keyId, Map<String, String> oldKeys) {
    public EncryptionConfig {
        oldKeys = Map.copyOf(oldKeys);
    }

    public static EncryptionConfig disabled() {
        return new EncryptionConfig(false, null, null, Map.of());
    }

    @Override
    public String toString() {
        return "EncryptionConfig[enabled=" + enabled + ", keyId=" + keyId + ", key=" + (key == null ? "unset" : "(set)")
                + ", oldKeyIds=" + oldKeys.keySet() + "]";
    }
}
