package io.cartographus.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads dotenv text: {@code KEY=value} lines, optionally prefixed by {@code export}; {@code #}
 * comments (whole lines, or after whitespace following an unquoted value); blank lines; single-quoted
 * values taken literally; double-quoted values with the escapes {@code \n \r \t \" \\} (any other
 * backslash is kept as it is, so Windows paths survive). Unquoted values are trimmed. A later line
 * wins over an earlier one with the same key.
 *
 * <p>Deliberately not supported, so that what the file says is what the program gets: {@code $VAR}
 * expansion (a {@code $} is a plain character) and values spanning several lines (write {@code \n}
 * inside double quotes instead).
 *
 * <p>Problems name the line and the variable, never the value: a broken line may hold a secret.
 */
public final class DotEnv {
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private DotEnv() {
    }

    /** Parses dotenv text; throws {@link ConfigException} listing every malformed line. */
    public static Map<String, String> parse(String text) {
        return parse(text, "dotenv");
    }

    /** As {@link #parse(String)}; {@code source} (e.g. the file name) starts each problem line. */
    public static Map<String, String> parse(String text, String source) {
        Parsed parsed = read(text, source);
        if (!parsed.problems().isEmpty()) {
            throw new ConfigException(parsed.problems());
        }
        return parsed.values();
    }

    /** The well-formed lines' values plus one problem per malformed line, for callers that go on. */
    record Parsed(Map<String, String> values, List<String> problems) {
    }

    static Parsed read(String text, String source) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] lines = body.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].endsWith("\r") ? lines[n].substring(0, lines[n].length() - 1) : lines[n];
            try {
                String[] entry = entry(line);
                if (entry != null) {
                    values.put(entry[0], entry[1]);
                }
            } catch (Malformed e) {
                problems.add(source + " line " + (n + 1) + ": " + e.getMessage());
            }
        }
        return new Parsed(Collections.unmodifiableMap(values), List.copyOf(problems));
    }

    /** {key, value}, or null for a blank or comment line. */
    private static String[] entry(String line) throws Malformed {
        int i = skipSpaces(line, 0);
        if (i == line.length() || line.charAt(i) == '#') {
            return null;
        }
        if (line.startsWith("export", i) && i + 6 < line.length() && isSpace(line.charAt(i + 6))) {
            i = skipSpaces(line, i + 6);
        }
        int eq = line.indexOf('=', i);
        if (eq < 0) {
            throw new Malformed("expected KEY=value");
        }
        String key = line.substring(i, eq).strip();
        if (!KEY.matcher(key).matches()) {
            throw new Malformed("invalid variable name (accepted: letters, digits and _, not starting with a digit)");
        }
        int v = skipSpaces(line, eq + 1);
        if (v == line.length()) {
            return new String[] {key, ""};
        }
        char first = line.charAt(v);
        if (first == '\'') {
            int end = line.indexOf('\'', v + 1);
            if (end < 0) {
                throw new Malformed("unterminated single-quoted value of " + key);
            }
            expectNothingAfter(line, end + 1, key);
            return new String[] {key, line.substring(v + 1, end)};
        }
        if (first == '"') {
            return new String[] {key, doubleQuoted(line, v + 1, key)};
        }
        return new String[] {key, unquoted(line, v)};
    }

    private static String doubleQuoted(String line, int start, String key) throws Malformed {
        StringBuilder value = new StringBuilder();
        for (int j = start; j < line.length(); j++) {
            char c = line.charAt(j);
            if (c == '"') {
                expectNothingAfter(line, j + 1, key);
                return value.toString();
            }
            if (c == '\\' && j + 1 < line.length()) {
                char next = line.charAt(++j);
                switch (next) {
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case '"', '\\' -> value.append(next);
                    default -> value.append('\\').append(next);
                }
            } else {
                value.append(c);
            }
        }
        throw new Malformed("unterminated double-quoted value of " + key);
    }

    /** Up to a {@code #} that follows whitespace (a comment), trimmed. {@code a#b} keeps its {@code #}. */
    private static String unquoted(String line, int start) {
        int end = line.length();
        for (int j = start; j < line.length(); j++) {
            if (line.charAt(j) == '#' && isSpace(line.charAt(j - 1))) {
                end = j;
                break;
            }
        }
        return line.substring(start, end).strip();
    }

    private static void expectNothingAfter(String line, int from, String key) throws Malformed {
        int j = skipSpaces(line, from);
        if (j < line.length() && !(line.charAt(j) == '#' && j > from)) {
            throw new Malformed("unexpected text after the closing quote of " + key
                    + " (a comment needs a space before #)");
        }
    }

    private static int skipSpaces(String s, int from) {
        int i = from;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    /** Checked on purpose: it never leaves this class, where each line's problem is collected. */
    private static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
