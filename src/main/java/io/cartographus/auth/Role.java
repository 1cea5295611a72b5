package io.cartographus.auth;

import java.util.Locale;

/** What a token may do. Each role includes everything the roles before it may do. */
public enum Role {
    /** Read: status, list, details, stats. */
    VIEWER,
    /** Viewer, plus create, validate, sync. */
    OPERATOR,
    /** Operator, plus restore, delete, download, upload, retention apply, token management. */
    ADMIN;

    /** True when a token with this role may do what {@code required} allows. */
    public boolean includes(Role required) {
        return required != null && ordinal() >= required.ordinal();
    }

    /** The lower-case name used in tokens.json, the CLI and the API ({@code viewer}, {@code operator}, {@code admin}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role with this label (case-insensitive, surrounding blanks ignored), or null if there is none. */
    public static Role parse(String label) {
        if (label == null) {
            return null;
        }
        String wanted = label.strip();
        for (Role role : values()) {
            if (role.label().equalsIgnoreCase(wanted)) {
                return role;
            }
        }
        return null;
    }
}
