package io.cartographus.archive;

import java.util.HashSet;
import java.util.Set;

/**
 * The rules for entry names, shared by the writer (so that we never produce what the reader
 * refuses) and the reader (so that a hostile archive cannot write outside the target directory).
 * An instance also remembers the names of one archive to refuse duplicates and files that would
 * have to be both a file and a directory.
 */
final class EntryNames {
    static final int MAX_LENGTH = 255;

    private final Set<String> claimed = new HashSet<>();
    private final Set<String> files = new HashSet<>();
    private final Set<String> parents = new HashSet<>();

    /**
     * Why {@code path} (a directory's name without its trailing slash) is not a safe relative
     * name, or null if it is.
     */
    static String problem(String path) {
        if (path.isEmpty()) {
            return "the name is empty";
        }
        if (path.length() > MAX_LENGTH) {
            return "the name is longer than " + MAX_LENGTH + " characters";
        }
        if (path.startsWith("/")) {
            return "the name is an absolute path";
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == 0) {
                return "the name contains a NUL character";
            }
            if (c == '\\') {
                return "the name contains a backslash";
            }
            if (Character.isISOControl(c)) {
                return "the name contains a control character";
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                return "the name contains a '..' segment";
            }
            if (segment.isEmpty() || segment.equals(".")) {
                return "the name is not a normalized path (empty or '.' segment)";
            }
        }
        return null;
    }

    /** Records {@code path}; returns why it clashes with an earlier name, or null. */
    String claim(String path, boolean directory) {
        if (claimed.contains(path)) {
            return "the name appears twice in the archive";
        }
        if (!directory && parents.contains(path)) {
            return "a file has the name of a directory holding earlier entries";
        }
        for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
            String parent = path.substring(0, i);
            if (files.contains(parent)) {
                return "the entry would be inside the file '" + parent + "'";
            }
        }
        claimed.add(path);
        if (!directory) {
            files.add(path);
        }
        for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
            parents.add(path.substring(0, i));
        }
        return null;
    }

    /** The name as it may appear in a message: control characters escaped, length capped. */
    static String quote(String name) {
        StringBuilder sb = new StringBuilder("'");
        int limit = Math.min(name.length(), MAX_LENGTH + 20);
        for (int i = 0; i < limit; i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (limit < name.length()) {
            sb.append("...");
        }
        return sb.append('\'').toString();
    }
}
