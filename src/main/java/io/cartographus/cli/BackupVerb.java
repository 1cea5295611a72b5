package io.cartographus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cartographus.engine.Engine;
import io.cartographus.config.LoadedConfig;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A backup command that runs either against a server (API mode) or on DATA_DIR (offline mode),
 * and turns every failure into a message and an exit code.
 */
abstract class BackupVerb implements Callable<Integer> {
    @Mixin
    Connection connection;

    final Wiring wiring;
    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    final PrintStream out = System.out;
    final PrintStream err = System.err;

    BackupVerb(Wiring wiring) {
        this.wiring = wiring;
    }

    abstract int api(ApiClient client) throws IOException;

    /** The URL a server listens on with the default settings; a hint shows the real one when server.json has it. */
    static final String DEFAULT_URL = "http://127.0.0.1:3857";

    abstract int offline(Engine engine) throws IOException;

    /** Whether this command may create a missing DATA_DIR offline (most may not: see docs/design.md §14). */
    boolean mayCreateDataDir() {
        return false;
    }

    @Override
    public Integer call() {
        Path dataDir = null;
        try {
            LoadedConfig config = null;
            URI server = connection.server == null ? envUri("CARTOGRAPHUS_URL") : URI.create(connection.server);
            if (connection.offline) {
                server = null;
            }
            if (server == null || connection.token == null && System.getenv("CARTOGRAPHUS_TOKEN") == null) {
                config = wiring.config();
                dataDir = config.config().host().dataDir();
                if (server == null && !connection.offline) {
                    server = new ServerFile(dataDir, json).liveServer();
                }
            }
            if (server != null) {
                return api(new ApiClient(server, token(dataDir), json));
            }
            if (!mayCreateDataDir() && !Files.isDirectory(dataDir)) {
                // A wrong DATA_DIR must not look like "every backup is gone", nor leave an empty directory behind.
                err.println("error: the data directory " + dataDir.toAbsolutePath() + " does not exist (and no server is running)"
                        + "\n  hint: set DATA_DIR to the directory that holds cartographus.duckdb and backups/, or pass --server;"
                        + " a restore onto a new machine takes --create");
                return ExitCodes.USAGE;
            }
            try (Engine engine = wiring.engine(config)) {
                return offline(engine);
            }
        } catch (ApiClient.ApiError e) {
            err.println("error: " + CliHints.flags(e.getMessage()));
            String hint = CliHints.forAnswer(e.status, e.body);
            if (hint != null) {
                err.println("  hint: " + hint);
            }
            if (connection.json && e.body != null) {
                out.println(e.body.toPrettyString());
            }
            return ExitCodes.ofServer(e.status, e.body);
        } catch (BackupException e) {
            String hint = e.hint() != null ? CliHints.flags(e.hint()) : CliHints.forCode(e.kind().name());
            URI live = e.kind() == ErrorKind.BUSY && dataDir != null ? new ServerFile(dataDir, json).liveServer() : null;
            if (live != null) {
                // The hints cannot know the port; server.json does.
                hint = hint.contains(DEFAULT_URL) ? hint.replace(DEFAULT_URL, live.toString())
                        : hint + " (the server on this DATA_DIR is at " + live + ")";
            }
            err.println("error: " + CliHints.flags(e.getMessage()) + (hint == null ? "" : "\n  hint: " + hint));
            return ExitCodes.of(e.kind());
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    private String token(Path dataDir) throws IOException {
        if (connection.token != null) {
            return connection.token;
        }
        String env = System.getenv("CARTOGRAPHUS_TOKEN");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        if (dataDir != null) {
            Path admin = dataDir.resolve("admin.token");
            if (Files.isReadable(admin)) {
                return Files.readString(admin, StandardCharsets.UTF_8).strip();
            }
        }
        String explicit = System.getenv("CARTOGRAPHUS_ADMIN_TOKEN");
        return explicit == null || explicit.isBlank() ? null : explicit.strip();
    }

    private static URI envUri(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? null : URI.create(v.strip());
    }

    /** Opens the live database offline, explaining DuckDB's lock error in our terms. */
    static void openDatabase(Engine engine) {
        try {
            engine.database().open();
        } catch (BackupException e) {
            if (String.valueOf(e.getMessage()).contains("lock")) {
                throw new BackupException(ErrorKind.BUSY, "a running server holds " + engine.database().file(),
                        "run the command against it: --server " + DEFAULT_URL + " --token … (or stop the server)", e);
            }
            throw e;
        }
    }

    void print(Object value) throws IOException {
        out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(value));
    }

    JsonNode tree(Object value) {
        return json.valueToTree(value);
    }
}
