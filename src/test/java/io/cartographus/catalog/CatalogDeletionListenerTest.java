package io.cartographus.catalog;

import io.cartographus.config.BackupType;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two small additions the off-site copy relies on: deletions are heard, updates never resurrect. */
class CatalogDeletionListenerTest {
    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private BackupRecord completed(Catalog c, String id) throws Exception {
        String file = "backup-" + id + ".tar.gz";
        Files.write(dir.resolve(file), new byte[] {1});
        BackupRecord r = BackupRecord.starting(id, BackupType.FULL, Trigger.MANUAL, Instant.parse("2026-01-01T02:00:00Z"), null, "t")
                .completed(Instant.parse("2026-01-01T02:00:01Z"), file, 1, "0".repeat(64), null, null, Map.of(), "v", null);
        c.put(r);
        return r;
    }

    @Test
    void remove_tells_the_listener_after_the_files_are_gone() throws Exception {
        Catalog c = Catalog.open(dir, json);
        List<String> heard = new ArrayList<>();
        c.onRemove(r -> {
            heard.add(r.id());
            assertThat(dir.resolve(r.fileName())).doesNotExist();
        });
        completed(c, "20260101-020000-full");
        c.remove("20260101-020000-full");
        c.remove("20260101-020000-full");
        assertThat(heard).containsExactly("20260101-020000-full");
    }

    @Test
    void update_changes_a_record_and_never_brings_back_a_removed_one() throws Exception {
        Catalog c = Catalog.open(dir, json);
        BackupRecord r = completed(c, "20260101-020000-full");
        BackupRecord.OffsiteState up = new BackupRecord.OffsiteState("uploaded", "s3://b/p/x", Instant.EPOCH, null);

        assertThat(c.update(r.id(), cur -> cur.withOffsite(up))).get().extracting(BackupRecord::offsite).isEqualTo(up);
        assertThat(Catalog.open(dir, json).get(r.id()).orElseThrow().offsite()).isEqualTo(up);

        c.remove(r.id());
        assertThat(c.update(r.id(), cur -> cur.withOffsite(up))).isEmpty();
        assertThat(dir.resolve("backup-" + r.id() + ".json")).doesNotExist();
        assertThat(Catalog.open(dir, json).contains(r.id())).isFalse();
    }
}
