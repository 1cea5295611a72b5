package io.cartographus.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OpenAPI document as tests see it: its operations, and a check of a response body against the
 * schema the document gives for that operation and status (OpenAPI 3.0 dialect, so {@code nullable}
 * counts). Response schemas must be {@code $ref}s, so that each has a plain JSON-pointer location.
 */
public final class OpenApiDocument {
    private static final String BASE = "https://cartographus.invalid/openapi.json";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    private final JsonNode root;
    private final SchemaRegistry registry;

    private OpenApiDocument(JsonNode root) {
        this.root = root;
        String json = root.toString();
        this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30(), b -> b.schemas(Map.of(BASE, json)));
    }

    /**
     * Parses YAML text; a syntax error fails here, and so does a key given twice: YAML keeps the last
     * one, so a second schema of the same name silently replaced the first for every route using it.
     */
    public static OpenApiDocument parse(byte[] yaml) {
        try {
            YAMLMapper mapper = YAMLMapper.builder().enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
            return new OpenApiDocument(mapper.readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException("openapi.yaml is not valid YAML", e);
        }
    }

    /** The document as packaged ({@code src/main/resources/openapi.yaml}). */
    public static OpenApiDocument fromClasspath() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml not on the classpath");
            }
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode root() {
        return root;
    }

    /** Every operation as "METHOD path", e.g. "GET /api/v1/backup/{id}". */
    public Set<String> operations() {
        Set<String> out = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<String> m = path.getValue().fieldNames(); m.hasNext(); ) {
                String method = m.next();
                if (METHODS.contains(method)) {
                    out.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return out;
    }

    public JsonNode operation(String method, String path) {
        return root.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
    }

    /**
     * Problems of {@code body} against the JSON schema documented for this operation and status; empty
     * when it conforms. An undocumented status is a problem too.
     */
    public List<String> check(String method, String path, int status, JsonNode body) {
        JsonNode op = operation(method, path);
        if (op.isMissingNode()) {
            return List.of(method + " " + path + " is not in the document");
        }
        JsonNode response = op.path("responses").path(Integer.toString(status));
        String pointer = "/paths/" + escape(path) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + status;
        if (response.isMissingNode()) {
            return List.of(method + " " + path + " does not document status " + status);
        }
        if (response.has("$ref")) {
            pointer = local(response.get("$ref").asText());
            response = at(pointer);
        }
        JsonNode schema = response.path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            return List.of(method + " " + path + " " + status + " documents no application/json body");
        }
        if (schema.has("$ref")) {
            pointer = local(schema.get("$ref").asText());
        } else {
            pointer = pointer + "/content/application~1json/schema";
            if (pointer.startsWith("/paths/")) {
                return List.of(method + " " + path + " " + status + ": give the response schema as a $ref");
            }
        }
        return validate(pointer, body);
    }

    /** Problems of {@code value} against {@code #/components/schemas/<name>}. */
    public List<String> checkSchema(String name, JsonNode value) {
        if (at("/components/schemas/" + name).isMissingNode()) {
            return List.of("no schema " + name);
        }
        return validate("/components/schemas/" + name, value);
    }

    private List<String> validate(String pointer, JsonNode value) {
        Schema schema = registry.getSchema(SchemaLocation.of(BASE + "#" + pointer));
        List<String> out = new ArrayList<>();
        for (Error e : schema.validate(value)) {
            out.add(pointer + ": " + e.getInstanceLocation() + " " + e.getMessage());
        }
        return out;
    }

    private JsonNode at(String pointer) {
        return root.at(pointer);
    }

    private static String local(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local $refs are supported: " + ref);
        }
        return ref.substring(1);
    }

    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }
}
