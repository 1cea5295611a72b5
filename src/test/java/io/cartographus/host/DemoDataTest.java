package io.cartographus.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.database.Database;
import io.cartographus.database.TableStats;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDataTest {
    /** playback_events after seeding 20 000 events, as the first (LATERAL) version of the query generated them. */
    private static final String FINGERPRINT_20000 = "183795659814822362327883";

    @TempDir
    Path tmp;

    private static long scalar(Database db, String sql) {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    @Test
    void generates_the_same_events_as_before_for_the_same_count() {
        try (Database db = new Database(tmp.resolve("d.duckdb"))) {
            db.open();
            assertThat(new DemoData(db).seed(20_000, 500)).isEqualTo(20_000);
            TableStats events = db.read(TableStats::compute).get("playback_events");
            assertThat(events.rows()).isEqualTo(20_000);
            assertThat(events.fingerprint()).isEqualTo(FINGERPRINT_20000);
        }
    }

    @Test
    void seeding_twice_adds_events_with_contiguous_ids_and_counts_every_user() {
        try (Database db = new Database(tmp.resolve("d.duckdb"))) {
            db.open();
            DemoData demo = new DemoData(db);
            demo.seed(3_000, 40);
            assertThat(demo.seed(2_000, 40)).isEqualTo(5_000);
            assertThat(scalar(db, "SELECT count(DISTINCT id) FROM playback_events")).isEqualTo(5_000);
            assertThat(scalar(db, "SELECT max(CAST(substr(id, 6) AS BIGINT)) FROM playback_events")).isEqualTo(4_999);
            assertThat(scalar(db, "SELECT count(*) FROM users")).isEqualTo(40);
            assertThat(scalar(db, "SELECT sum(playback_count) FROM users")).isEqualTo(5_000);
            assertThat(scalar(db, "SELECT count(*) FROM playback_events WHERE city IS NULL OR ip_address IS NULL")).isZero();
            assertThat(scalar(db, "SELECT count(*) FROM geolocations")).isEqualTo(40);
        }
    }
}
