package io.cartographus.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillHistoryTest {
    private static final Instant T = Instant.parse("2026-03-01T02:00:00Z");
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @TempDir
    Path dir;

    @Test
    void the_last_result_and_the_last_success_survive_a_restart() throws Exception {
        DrillHistory h = new DrillHistory(dir.resolve(DrillHistory.FILE), json);
        assertThat(h.read()).isEqualTo(DrillHistory.State.NONE);
        DrillResult passed = new DrillResult("20260301-020000-full", "local", T, 1500, true, "ok");
        DrillResult failed = new DrillResult("20260302-020000-full", "offsite", T.plusSeconds(86400), 200, false, "checksum mismatch");
        DrillHistory.State s = DrillHistory.State.NONE.after(passed).after(failed);
        h.write(s);

        DrillHistory.State read = new DrillHistory(dir.resolve(DrillHistory.FILE), json).read();
        assertThat(read.last()).isEqualTo(failed);
        assertThat(read.lastSuccessAt()).isEqualTo(T.plusMillis(1500));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(DrillHistory.FILE);
        }
    }

    @Test
    void an_unreadable_file_is_no_history_rather_than_a_failed_start() throws Exception {
        Files.writeString(dir.resolve(DrillHistory.FILE), "{not json");
        assertThat(new DrillHistory(dir.resolve(DrillHistory.FILE), json).read()).isEqualTo(DrillHistory.State.NONE);
    }
}
