package io.cartographus.config;

import static io.cartographus.config.EnvNames.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a configuration backup ({@code config/config.json}) may put into {@code DATA_DIR/config.env},
 * checked by the same rules as start-up before anything is written. The document comes from an
 * archive and is untrusted: it must be a JSON object whose {@code environment} maps known variable
 * names to strings, and the values it would restore must load as start-up loads them (types,
 * ranges, the retention counts against each other). Settings of this machine and of its trust are
 * never restored, whatever the document says: where things live and how the service listens,
 * secrets, encryption, and where off-site copies go.
 */
public final class RestorableConfig {
    /** Where the backup's configuration is named in messages. */
    public static final String SOURCE = "the backup's config/config.json";

    static final Set<String> NEVER_RESTORED = neverRestored();

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param values   what would be written to config.env, by name, sorted
     * @param skipped  names present in the document that are never restored
     * @param problems why the document is refused (empty: it may be restored)
     */
    public record Result(Map<String, String> values, List<String> skipped, List<String> problems) {
        public Result {
            values = Map.copyOf(values);
            skipped = List.copyOf(skipped);
            problems = List.copyOf(problems);
        }

        public boolean restorable() {
            return problems.isEmpty();
        }
    }

    private RestorableConfig() {
    }

    /** Reads and checks a configuration backup's document. */
    public static Result read(byte[] document) {
        JsonNode root;
        try {
            root = document == null ? null : JSON.readTree(document);
        } catch (IOException e) {
            return refused("config/config.json is not JSON: " + firstLine(e.getMessage()));
        }
        JsonNode env = root == null ? null : root.path("environment");
        if (env == null || !env.isObject()) {
            return refused("config/config.json has no \"environment\" object");
        }
        Map<String, String> values = new TreeMap<>();
        List<String> skipped = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> explicit = explicit(root.get("explicit"), problems);
        env.fields().forEachRemaining(e -> {
            String name = e.getKey();
            if (!ALL.contains(name)) {
                problems.add(shown(name) + " is not a cartographus setting (a configuration backup only holds its own settings)");
            } else if (!e.getValue().isTextual()) {
                problems.add(name + " is " + e.getValue().getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ", not a string");
            } else if (NEVER_RESTORED.contains(name)) {
                skipped.add(name);
            } else {
                values.put(name, e.getValue().asText());
            }
        });
        if (problems.isEmpty()) {
            problems.addAll(ConfigLoader.problems(values, SOURCE));
        }
        // Every value is checked above, but only what was set on purpose is restored: the others were
        // defaults on the day of the backup, and writing them would pin them in config.env for good.
        Map<String, String> defaults = explicit == null ? ConfigLoader.defaultValues() : Map.of();
        java.util.function.Predicate<String> leftAsDefault = name -> explicit != null ? !explicit.contains(name)
                : env.path(name).asText().equals(defaults.get(name));
        values.keySet().removeIf(leftAsDefault);
        skipped.removeIf(leftAsDefault);
        return new Result(values, skipped, problems);
    }

    /**
     * The names the document says were set explicitly; null when it does not say (an archive written
     * before it did), and then a setting counts as explicit when it differs from its default.
     */
    private static Set<String> explicit(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            problems.add("config/config.json's \"explicit\" is " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + ", not a list of setting names");
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        for (JsonNode n : node) {
            if (!n.isTextual() || !ALL.contains(n.asText())) {
                problems.add("config/config.json's \"explicit\" names " + (n.isTextual() ? shown(n.asText()) : n.toString())
                        + ", which is not a cartographus setting");
            } else {
                names.add(n.asText());
            }
        }
        return names;
    }

    private static Result refused(String problem) {
        return new Result(Map.of(), List.of(), List.of(problem));
    }

    private static Set<String> neverRestored() {
        Set<String> s = new HashSet<>(SECRETS);
        // DuckDB's limits fit the machine they were set on, not the one restoring.
        s.addAll(List.of(DATA_DIR, DUCKDB_PATH, DIR, HTTP_HOST, HTTP_PORT, MAINTENANCE_MODE, DUCKDB_MEMORY_LIMIT, DUCKDB_THREADS,
                ENCRYPTION_ENABLED, ENCRYPTION_KEY_ID, OFFSITE_URL, OFFSITE_ENDPOINT, OFFSITE_REGION, OFFSITE_PATH_STYLE));
        return Set.copyOf(s);
    }

    /** A name from the document, printable: control characters (a newline…) shown as '?', long ones cut. */
    private static String shown(String name) {
        String printable = name.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return s == null ? "unreadable" : nl < 0 ? s : s.substring(0, nl);
    }
}
