package io.cartographus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** The CLI's API mode: plain HTTP calls to a running server with a Bearer token. */
final class ApiClient {
    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json;

    ApiClient(URI base, String token, ObjectMapper json) {
        this.base = base;
        this.token = token;
        this.json = json;
    }

    /** A failed call: the HTTP status and the server's error message. */
    static final class ApiError extends RuntimeException {
        final int status;
        final JsonNode body;

        ApiError(int status, String message, JsonNode body) {
            super(message);
            this.status = status;
            this.body = body;
        }
    }

    JsonNode get(String path) {
        return send(request(path).GET().build());
    }

    JsonNode post(String path, Object body) {
        try {
            return send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** POSTs a file as the raw body, streamed from disk. */
    JsonNode upload(String path, Path file) {
        try {
            return send(request(path).header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofFile(file)).build());
        } catch (java.io.FileNotFoundException e) {
            throw new ApiError(0, "cannot read " + file + ": " + e.getMessage(), null);
        }
    }

    JsonNode delete(String path) {
        return send(request(path).DELETE().build());
    }

    /** Streams a download to {@code target}; returns the response headers' checksum, or null. */
    String download(String path, Path target) {
        try {
            HttpResponse<Path> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofFile(target));
            if (r.statusCode() != 200) {
                JsonNode body = json.readTree(java.nio.file.Files.readAllBytes(target));
                java.nio.file.Files.deleteIfExists(target);
                throw new ApiError(r.statusCode(), message(body, r.statusCode()), body);
            }
            return r.headers().firstValue("X-Backup-Checksum").orElse(null);
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(0, "interrupted", null);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofHours(6));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private JsonNode send(HttpRequest req) {
        try {
            HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = r.body().length == 0 ? json.nullNode() : json.readTree(r.body());
            if (r.statusCode() >= 300) {
                throw new ApiError(r.statusCode(), message(body, r.statusCode()), body);
            }
            return body;
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(0, "interrupted", null);
        }
    }

    /** No answer: said in words, not as the name of a Java exception. */
    private ApiError unreachable(IOException e) {
        String why = e instanceof java.net.ConnectException ? "connection refused"
                : e instanceof java.net.http.HttpTimeoutException ? "no answer in time"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ApiError(0, "cannot reach the server at " + base + ": " + why, null);
    }

    private static String message(JsonNode body, int status) {
        if (body != null && body.path("error").has("message")) {
            String hint = body.path("error").path("hint").asText(null);
            return body.path("error").path("message").asText() + (hint == null ? "" : " (" + hint + ")");
        }
        return "HTTP " + status;
    }
}
