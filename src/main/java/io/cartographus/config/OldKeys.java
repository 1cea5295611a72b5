package io.cartographus.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads BACKUP_ENCRYPTION_OLD_KEYS, {@code id=key,id=key}: the keys of backups made before a
 * rotation. The id ends at the first {@code =}, so base64 keys ending in {@code =} work; keys cannot
 * contain commas. Problems refer to entries by position only: a malformed entry may be a piece of a
 * key, so nothing from the value is ever repeated.
 */
final class OldKeys {
    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final int MIN_KEY_LENGTH = 32;
    static final String ACCEPTED = "id=key pairs separated by commas, ids of 1 to 64 characters A-Z a-z 0-9 . _ -,"
            + " keys of at least " + MIN_KEY_LENGTH + " characters, each id once and none equal to"
            + " BACKUP_ENCRYPTION_KEY_ID";

    private final Map<String, String> keys = new LinkedHashMap<>();
    private final List<String> issues = new ArrayList<>();

    private OldKeys() {
    }

    /** The parsed keys, or the reasons they are refused (never containing the value). */
    record Result(Map<String, String> keys, List<String> issues) {
    }

    static Result parse(String text, String currentKeyId) {
        OldKeys parsed = new OldKeys();
        String[] entries = text.split(",", -1);
        Map<String, Integer> positions = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            if (!entry.isEmpty()) {
                parsed.entry(i + 1, entry, currentKeyId, positions);
            }
        }
        return new Result(Map.copyOf(parsed.keys), List.copyOf(parsed.issues));
    }

    private void entry(int position, String entry, String currentKeyId, Map<String, Integer> positions) {
        int eq = entry.indexOf('=');
        if (eq < 0) {
            issues.add("entry " + position + " has no '='");
            return;
        }
        String id = entry.substring(0, eq).strip();
        String key = entry.substring(eq + 1).strip();
        if (!KEY_ID.matcher(id).matches()) {
            issues.add("entry " + position + " has an invalid id");
        } else if (positions.containsKey(id)) {
            issues.add("entries " + positions.get(id) + " and " + position + " have the same id");
        } else if (id.equals(currentKeyId)) {
            issues.add("entry " + position + " has the id of BACKUP_ENCRYPTION_KEY_ID");
        }
        if (key.codePointCount(0, key.length()) < MIN_KEY_LENGTH) {
            issues.add("entry " + position + " has a key shorter than " + MIN_KEY_LENGTH + " characters");
        }
        positions.putIfAbsent(id, position);
        keys.put(id, key);
    }
}
