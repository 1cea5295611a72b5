package io.cartographus.api;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /api/openapi.yaml}: the API's description, read once from the jar; no token needed. */
final class OpenApiRoutes {
    static final String RESOURCE = "/openapi.yaml";

    private final byte[] document;

    private OpenApiRoutes(byte[] document) {
        this.document = document;
    }

    /** Fails at start-up, not at the first request, when the jar lacks the document. */
    static OpenApiRoutes load() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the jar");
            }
            return new OpenApiRoutes(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read openapi.yaml from the jar", e);
        }
    }

    void register(RoutesConfig r) {
        r.get("/api/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(document));
    }
}
