package io.cartographus.offsite;

import io.cartographus.chunks.ChunkList;
import io.cartographus.chunks.DedupStore;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * What off-site copies need of the chunk store: the store (its files, and its codec, which checks a
 * chunk from the bucket exactly as a restore checks one from disk) and a reader of the chunk list in
 * an archive's manifest (Main wires {@code validate.ArchiveSurvey}; it throws CORRUPT_ARCHIVE for an
 * archive without one).
 */
public record OffsiteChunks(DedupStore dedup, Function<Path, ChunkList> manifestChunks) {
}
