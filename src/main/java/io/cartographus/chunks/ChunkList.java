package io.cartographus.chunks;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The database file of a deduplicated backup as its manifest records it: the whole file's size
 * and SHA-256, and its chunks in file order (concatenated, they are the file).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChunkList(
        @JsonProperty("header_bytes") int headerBytes,
        @JsonProperty("block_bytes") int blockBytes,
        @JsonProperty("size") long size,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("chunks") List<Chunk> chunks) {

    public ChunkList {
        chunks = chunks == null ? List.of() : List.copyOf(chunks);
    }

    /** One chunk: its file in the store, and the size and SHA-256 of its plaintext. */
    public record Chunk(@JsonProperty("file") String file, @JsonProperty("size") int size,
                        @JsonProperty("sha256") String sha256) {
    }

    /** The distinct chunk files this list needs. */
    public java.util.Set<String> files() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        chunks.forEach(c -> out.add(c.file()));
        return out;
    }
}
