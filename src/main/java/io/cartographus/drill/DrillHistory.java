package io.cartographus.drill;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.fs.AtomicFile;
import io.cartographus.fs.Permissions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code DATA_DIR/drill.json}: the last drill and when one last passed, kept across restarts so that
 * {@code backup/status}, the next drill's time and the last-success metric survive them. Written
 * atomically (temporary file, fsync, rename); an unreadable file is logged and treated as no history.
 */
public final class DrillHistory {
    public static final String FILE = "drill.json";
    private static final Logger log = LoggerFactory.getLogger(DrillHistory.class);

    /** What the file holds. */
    public record State(@JsonProperty("last") DrillResult last, @JsonProperty("last_success_at") Instant lastSuccessAt) {
        static final State NONE = new State(null, null);

        /** The state after {@code result}: it becomes the last, and the last success when it passed. */
        public State after(DrillResult result) {
            return new State(result, result.passed() ? result.finishedAt() : lastSuccessAt);
        }
    }

    private final Path file;
    private final ObjectMapper json;

    public DrillHistory(Path file, ObjectMapper json) {
        this.file = file;
        this.json = json;
    }

    public State read() {
        if (!Files.isRegularFile(file)) {
            return State.NONE;
        }
        try {
            State s = json.readValue(file.toFile(), State.class);
            return s == null ? State.NONE : s;
        } catch (IOException e) {
            log.warn("ignoring {}: {} (the next drill writes it again)", file, e.getMessage().lines().findFirst().orElse(""));
            return State.NONE;
        }
    }

    public void write(State state) {
        try {
            AtomicFile.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(state), Permissions.FILE);
        } catch (IOException e) {
            // The result is still in memory, in the metrics and in the log; only a restart forgets it.
            log.warn("cannot write {}: {}", file, e.getMessage());
        }
    }
}
