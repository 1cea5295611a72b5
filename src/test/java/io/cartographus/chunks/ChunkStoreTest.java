package io.cartographus.chunks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartographus.config.Compression;
import io.cartographus.crypto.ArchiveCipher;
import io.cartographus.crypto.ChunkCipher;
import io.cartographus.crypto.EncryptionParameters;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.testing.Seeds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChunkStoreTest {
    private static final String KEY = "k".repeat(32);
    private static final ChunkGrid SMALL = new ChunkGrid(100, 1000);
    @TempDir
    Path dir;

    static Stream<Arguments> grids() {
        return Stream.of(
                Arguments.of(0L, List.of()),
                Arguments.of(50L, List.of(50)),
                Arguments.of(100L, List.of(100)),
                Arguments.of(101L, List.of(100, 1)),
                Arguments.of(2100L, List.of(100, 1000, 1000)),
                Arguments.of(2101L, List.of(100, 1000, 1000, 1)));
    }

    @ParameterizedTest
    @MethodSource("grids")
    void the_grid_cuts_the_header_then_whole_blocks(long length, List<Integer> sizes) {
        assertThat(SMALL.sizes(length)).isEqualTo(sizes);
    }

    static Stream<Arguments> codecs() {
        return Stream.of(Arguments.of(Compression.NONE, false), Arguments.of(Compression.GZIP, false),
                Arguments.of(Compression.ZSTD, false), Arguments.of(Compression.ZSTD, true), Arguments.of(Compression.GZIP, true));
    }

    private static ChunkCodec codec(Compression c, boolean sealed) {
        ChunkCipher cipher = new ArchiveCipher("a", KEY, Map.of(), new EncryptionParameters(64, 1, 1, 4096))
                .chunkCipher(new byte[16]);
        return new ChunkCodec(c, 3, sealed ? cipher : null, sealed);
    }

    private byte[] file(Random random, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            // Compressible but not constant, like DuckDB blocks.
            b[i] = (byte) (random.nextInt(8) == 0 ? random.nextInt(256) : i % 7);
        }
        return b;
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void a_file_stored_twice_adds_nothing_and_rebuilds_exactly(Compression c, boolean sealed) {
        Random random = new Random(Seeds.seed("ChunkStoreTest.a_file_stored_twice_adds_nothing_and_rebuilds_exactly"));
        ChunkStore store = new ChunkStore(dir);
        ChunkCodec codec = codec(c, sealed);
        byte[] content = file(random, 5321);
        ChunkWriter.Result first;
        try (ChunkWriter w = new ChunkWriter(store, codec, SMALL)) {
            first = w.store(new ByteArrayInputStream(content), content.length);
        }
        ChunkWriter.Result second;
        try (ChunkWriter w = new ChunkWriter(store, codec, SMALL)) {
            second = w.store(new ByteArrayInputStream(content), content.length);
        }
        assertThat(first.addedChunks()).isEqualTo(7);
        assertThat(second.addedBytes()).isZero();
        assertThat(second.list()).isEqualTo(first.list());
        content[2500] ^= 1;
        ChunkWriter.Result third;
        try (ChunkWriter w = new ChunkWriter(store, codec, SMALL)) {
            third = w.store(new ByteArrayInputStream(content), content.length);
        }
        assertThat(third.addedChunks()).isEqualTo(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ChunkAssembler(store, codec).assemble(third.list(), out);
        assertThat(out.toByteArray()).isEqualTo(content);
        for (ChunkList.Chunk chunk : third.list().chunks()) {
            assertThat(chunk.file()).endsWith(sealed ? ".enc" : ChunkName.suffix(c));
            assertThat(ChunkName.id(chunk.file()).equals(chunk.sha256())).isEqualTo(!sealed);
        }
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void a_flipped_byte_or_a_planted_chunk_is_refused_by_name(Compression c, boolean sealed) throws Exception {
        Random random = new Random(Seeds.seed("ChunkStoreTest.a_flipped_byte_or_a_planted_chunk_is_refused_by_name"));
        ChunkStore store = new ChunkStore(dir);
        ChunkCodec codec = codec(c, sealed);
        byte[] content = file(random, 2100);
        ChunkList list;
        try (ChunkWriter w = new ChunkWriter(store, codec, SMALL)) {
            list = w.store(new ByteArrayInputStream(content), content.length).list();
        }
        ChunkList.Chunk a = list.chunks().get(1);
        ChunkList.Chunk b = list.chunks().get(2);
        // Planted: b's bytes under a's name.
        Files.copy(store.path(b.file()), store.path(a.file()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> new ChunkAssembler(store, codec).assemble(list, new ByteArrayOutputStream()))
                .isInstanceOf(BackupException.class).hasMessageContaining(a.file())
                .extracting(e -> ((BackupException) e).kind()).isEqualTo(ErrorKind.CORRUPT_ARCHIVE);
        assertThat(store.damaged()).containsExactly(a.file());
        // The next backup with that content writes the damaged chunk again.
        try (ChunkWriter w = new ChunkWriter(store, codec, SMALL)) {
            assertThat(w.store(new ByteArrayInputStream(content), content.length).rewrittenChunks()).isEqualTo(1);
        }
        new ChunkAssembler(store, codec).assemble(list, new ByteArrayOutputStream());
        assertThat(store.damaged()).isEmpty();
        byte[] stored = Files.readAllBytes(store.path(b.file()));
        stored[stored.length / 2] ^= 0x40;
        Files.write(store.path(b.file()), stored);
        assertThatThrownBy(() -> codec.decode(b.file(), store.read(b.file()), b.size(), b.sha256()))
                .isInstanceOf(BackupException.class).hasMessageContaining(b.file());
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void of_two_damaged_chunks_the_first_in_file_order_is_reported_and_marked(Compression c, boolean sealed) throws Exception {
        // Chunks are decoded ahead on other threads: the one reported must still be the first in the file.
        Random random = new Random(Seeds.seed("ChunkStoreTest.of_two_damaged_chunks_the_first_in_file_order_is_reported_and_marked"));
        ChunkStore store = new ChunkStore(dir);
        ChunkCodec codec = codec(c, sealed);
        byte[] content = file(random, 100 + 40 * 1000);
        ChunkList list;
        try (ChunkWriter w = new ChunkWriter(store, codec, SMALL)) {
            list = w.store(new ByteArrayInputStream(content), content.length).list();
        }
        ChunkList.Chunk early = list.chunks().get(6);
        ChunkList.Chunk late = list.chunks().get(9);
        for (ChunkList.Chunk damaged : List.of(late, early)) {
            byte[] stored = Files.readAllBytes(store.path(damaged.file()));
            stored[stored.length / 2] ^= 0x40;
            Files.write(store.path(damaged.file()), stored);
        }
        assertThatThrownBy(() -> new ChunkAssembler(store, codec).assemble(list, new ByteArrayOutputStream()))
                .isInstanceOf(BackupException.class).hasMessageContaining(early.file()).hasMessageNotContaining(late.file());
        assertThat(store.damaged()).containsExactly(early.file());
    }

    @Test
    void a_zstd_chunk_that_expands_beyond_its_size_is_refused() throws Exception {
        ChunkStore store = new ChunkStore(dir);
        ChunkCodec codec = codec(Compression.ZSTD, false);
        byte[] big = new byte[5000];
        String sha = ChunkCodec.sha256(big, 1000);
        // What the manifest says is 1,000 bytes decompresses to 5,000.
        String file = sha + ".zst";
        byte[] bomb = com.github.luben.zstd.Zstd.compress(big, 3);
        assertThatThrownBy(() -> codec.decode(file, bomb, 1000, sha))
                .isInstanceOf(BackupException.class).hasMessageContaining(file).hasMessageContaining("at most 1000 bytes")
                .extracting(e -> ((BackupException) e).kind()).isEqualTo(ErrorKind.CORRUPT_ARCHIVE);
        assertThat(store.damaged()).isEmpty();
    }

    @Test
    void a_failing_write_of_the_rebuilt_file_is_a_storage_error() {
        ChunkStore store = new ChunkStore(dir);
        ChunkCodec codec = codec(Compression.ZSTD, false);
        byte[] content = file(new Random(Seeds.seed("ChunkStoreTest.a_failing_write_of_the_rebuilt_file_is_a_storage_error")), 100 + 20 * 1000);
        ChunkList list;
        try (ChunkWriter w = new ChunkWriter(store, codec, SMALL)) {
            list = w.store(new ByteArrayInputStream(content), content.length).list();
        }
        java.io.OutputStream full = new java.io.OutputStream() {
            private int written;

            @Override
            public void write(int b) throws java.io.IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                written += len;
                if (written > 5000) {
                    throw new java.io.IOException("No space left on device");
                }
            }
        };
        assertThatThrownBy(() -> new ChunkAssembler(store, codec).assemble(list, full))
                .isInstanceOf(BackupException.class).hasMessageContaining("No space left on device")
                .extracting(e -> ((BackupException) e).kind()).isEqualTo(ErrorKind.STORAGE_UNAVAILABLE);
        assertThat(store.damaged()).isEmpty();
    }

    @Test
    void sealed_chunks_hold_no_plaintext_and_names_are_not_plain_hashes() throws Exception {
        ChunkStore store = new ChunkStore(dir);
        ChunkCodec codec = codec(Compression.NONE, true);
        byte[] content = "secretusername ".repeat(200).getBytes(StandardCharsets.UTF_8);
        ChunkList list;
        try (ChunkWriter w = new ChunkWriter(store, codec, SMALL)) {
            list = w.store(new ByteArrayInputStream(content), content.length).list();
        }
        for (ChunkList.Chunk chunk : list.chunks()) {
            assertThat(ChunkName.id(chunk.file())).isNotEqualTo(chunk.sha256());
            assertThat(new String(Files.readAllBytes(store.path(chunk.file())), StandardCharsets.ISO_8859_1)).doesNotContain("secret");
        }
    }

    @Test
    void names_that_are_not_ours_never_become_paths() {
        ChunkStore store = new ChunkStore(dir);
        for (String bad : List.of("../x", "a".repeat(64) + "/../../etc", "A".repeat(64), "a".repeat(63), "a".repeat(64) + ".tar")) {
            assertThatThrownBy(() -> store.path(bad)).isInstanceOf(BackupException.class);
        }
    }

    @Test
    void collection_keeps_what_remaining_backups_and_pins_use() {
        Random random = new Random(Seeds.seed("ChunkStoreTest.collection_keeps_what_remaining_backups_and_pins_use"));
        ChunkStore store = new ChunkStore(dir);
        ChunkCodec codec = codec(Compression.ZSTD, false);
        byte[] one = file(random, 2100);
        byte[] two = one.clone();
        two[1500] ^= 1;
        Set<String> filesOne;
        Set<String> filesTwo;
        try (ChunkWriter w = new ChunkWriter(store, codec, SMALL)) {
            w.store(new ByteArrayInputStream(one), one.length);
            filesOne = w.files();
            store.writeRefs("b1", filesOne);
        }
        try (ChunkWriter w = new ChunkWriter(store, codec, SMALL)) {
            w.store(new ByteArrayInputStream(two), two.length);
            filesTwo = w.files();
            store.writeRefs("b2", filesTwo);
        }
        ChunkCollector collector = new ChunkCollector(store);
        assertThat(collector.wouldFree(List.of("b1"), List.of("b1", "b2")).get("b1")).isPositive();
        assertThat(collector.collect(List.of("b2"), List.of("b2", "b3")).skipped()).isTrue();
        assertThat(store.list()).hasSize(4);
        String onlyInOne = filesOne.stream().filter(f -> !filesTwo.contains(f)).findFirst().orElseThrow();
        store.pin(onlyInOne);
        assertThat(collector.collect(List.of("b2"), List.of("b2")).chunks()).isZero();
        store.unpin(List.of(onlyInOne));
        ChunkCollector.Collected c = collector.collect(List.of("b2"), List.of("b2"));
        assertThat(c.chunks()).isEqualTo(1);
        assertThat(store.list()).extracting(ChunkStore.Stored::file).containsExactlyInAnyOrderElementsOf(filesTwo);
        assertThat(store.refIds()).containsExactly("b2");
    }
}
