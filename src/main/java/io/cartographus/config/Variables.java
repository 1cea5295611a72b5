package io.cartographus.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Typed reads of the merged variables. A bad value is recorded as one problem line
 * ({@code NAME=value: accepted …}) and the default is returned only so that reading can go on and
 * find the other problems; the loader refuses to build a configuration while any problem exists.
 * Values are trimmed; an empty value counts as set (and is refused where a value is required),
 * except for optional variables, where empty means unset.
 */
final class Variables {
    /** A raw value and the file it came from ({@code null}: the process environment). */
    record Value(String text, String source) {
    }

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final int SHOWN_MAX = 120;

    private final Map<String, Value> values;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> refused = new HashSet<>();

    Variables(Map<String, Value> values) {
        this.values = Map.copyOf(values);
    }

    /** The trimmed text, {@code ""} when set empty, null when not set anywhere. */
    String raw(String name) {
        Value v = values.get(name);
        return v == null ? null : v.text().strip();
    }

    /** Set to something other than the empty string. */
    boolean isSet(String name) {
        String raw = raw(name);
        return raw != null && !raw.isEmpty();
    }

    /** Where the value came from, for messages: "" for the environment or an unset variable. */
    String origin(String name) {
        Value v = values.get(name);
        return v == null || v.source() == null ? "" : " (set in " + v.source() + ")";
    }

    boolean bool(String name, boolean fallback) {
        return parsed(name, fallback, Variables::parseBoolean, "true or false (also 1/0, yes/no, on/off)");
    }

    int integer(String name, int fallback, int min, int max, String note) {
        String accepted = "an integer from " + min + " to " + max + (note.isEmpty() ? "" : " (" + note + ")");
        return parsed(name, fallback, text -> parseInteger(text, min, max), accepted);
    }

    /** A value read by {@code parser} (null result: refused), or the fallback when unset. */
    <T> T parsed(String name, T fallback, Function<String, T> parser, String accepted) {
        String raw = raw(name);
        if (raw == null) {
            return fallback;
        }
        T value = parser.apply(raw);
        if (value == null) {
            problem(name, accepted);
            return fallback;
        }
        return value;
    }

    /** Like {@link #parsed} for variables without a default: unset or empty gives null. */
    <T> T optional(String name, Function<String, T> parser, String accepted) {
        return isSet(name) ? parsed(name, null, parser, accepted) : null;
    }

    /** Records that the current value of {@code name} is refused, and what would be accepted. */
    void problem(String name, String accepted) {
        problems.add(shown(name) + ": accepted " + accepted + origin(name));
        refused.add(name);
    }

    /** True once a problem was recorded for {@code name}: cross-checks then skip it (no follow-on noise). */
    boolean refused(String name) {
        return refused.contains(name);
    }

    /** {@code NAME=value}, with secrets hidden and the value made printable on one line. */
    String shown(String name) {
        String raw = raw(name);
        if (raw == null) {
            return name + "=(unset)";
        }
        if (EnvNames.SECRETS.contains(name)) {
            return name + "=(hidden)";
        }
        String printable = raw.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
        return name + "=" + (printable.length() > SHOWN_MAX ? printable.substring(0, SHOWN_MAX) + "…" : printable);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    static Boolean parseBoolean(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> Boolean.TRUE;
            case "false", "0", "no", "off" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** The integer, or null when not an integer in [min, max]; arbitrarily long digit strings do not overflow. */
    static Integer parseInteger(String text, int min, int max) {
        if (!INTEGER.matcher(text).matches()) {
            return null;
        }
        BigInteger n = new BigInteger(text);
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            return null;
        }
        return n.intValueExact();
    }
}
