package io.cartographus.offsite;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What {@code backup offsite sync} did (or, with {@code dry_run}, would do), by backup id.
 * {@code only_offsite}: complete backups in the bucket that this catalog does not have and that were
 * kept; {@code skipped} and {@code errors} hold "id: reason" lines; {@code note} explains what was kept;
 * {@code chunks} (null without a chunk store) counts the chunk objects.
 */
public record SyncReport(
        @JsonProperty("dry_run") boolean dryRun,
        @JsonProperty("location") String location,
        @JsonProperty("uploaded") List<String> uploaded,
        @JsonProperty("deleted") List<String> deleted,
        @JsonProperty("in_sync") List<String> inSync,
        @JsonProperty("only_offsite") List<String> onlyOffsite,
        @JsonProperty("skipped") List<String> skipped,
        @JsonProperty("errors") List<String> errors,
        @JsonProperty("note") String note,
        @JsonProperty("chunks") Chunks chunks) {

    /**
     * The chunk store's part: chunks sent (and their bytes; none in a dry run),
     * chunks deleted that local collections had removed, and chunks in the bucket that no reference
     * list there and no local backup names (reported, not deleted).
     */
    public record Chunks(
            @JsonProperty("uploaded") int uploaded,
            @JsonProperty("uploaded_bytes") long uploadedBytes,
            @JsonProperty("deleted") int deleted,
            @JsonProperty("unreferenced") int unreferenced,
            @JsonProperty("unreferenced_bytes") long unreferencedBytes) {
    }

    public SyncReport {
        uploaded = List.copyOf(uploaded);
        deleted = List.copyOf(deleted);
        inSync = List.copyOf(inSync);
        onlyOffsite = List.copyOf(onlyOffsite);
        skipped = List.copyOf(skipped);
        errors = List.copyOf(errors);
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
