package io.cartographus.diff;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** A backup compared with the live database, table by table (parents first). */
public record DiffReport(
        @JsonProperty("backup_id") String backupId,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("tables") Map<String, TableDiff> tables,
        @JsonProperty("warnings") List<String> warnings) {
}
