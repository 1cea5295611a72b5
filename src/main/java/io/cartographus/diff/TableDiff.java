package io.cartographus.diff;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One table compared by primary key. {@code changed}: keys on both sides whose values differ in a
 * column both have. {@code sampleOnlyInBackup}: some keys only in the backup, when asked for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableDiff(
        @JsonProperty("backup_rows") long backupRows,
        @JsonProperty("live_rows") long liveRows,
        @JsonProperty("only_in_backup") long onlyInBackup,
        @JsonProperty("only_in_live") long onlyInLive,
        @JsonProperty("changed") long changed,
        @JsonProperty("in_backup") boolean inBackup,
        @JsonProperty("columns_fit") List<String> fitProblems,
        @JsonProperty("sample_only_in_backup") List<String> sampleOnlyInBackup) {
}
