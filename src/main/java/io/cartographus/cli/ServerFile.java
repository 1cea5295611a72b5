package io.cartographus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.fs.AtomicFile;
import io.cartographus.fs.Permissions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * DATA_DIR/server.json: written by a running server (pid and URL) so that CLI commands on the same
 * data directory talk to it instead of failing on DuckDB's file lock.
 */
public final class ServerFile {
    private final Path path;
    private final ObjectMapper json;

    public ServerFile(Path dataDir, ObjectMapper json) {
        this.path = dataDir.resolve("server.json");
        this.json = json;
    }

    public void write(String url) throws IOException {
        AtomicFile.write(path, json.writeValueAsBytes(Map.of("pid", ProcessHandle.current().pid(), "url", url)), Permissions.FILE);
    }

    public void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Stale files are recognized by their dead pid.
        }
    }

    /** The URL of a live server on this data directory, or null. */
    URI liveServer() {
        try {
            JsonNode n = json.readTree(Files.readAllBytes(path));
            long pid = n.path("pid").asLong(-1);
            if (pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return URI.create(n.path("url").asText());
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
