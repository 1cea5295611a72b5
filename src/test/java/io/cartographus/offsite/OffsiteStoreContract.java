package io.cartographus.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link OffsiteStore} must do, whatever is behind it. Subclasses give a fresh, empty
 * store whose part size is {@link S3Options#MIN_PART_SIZE} (so a 40 MiB file goes up in 8 parts).
 */
abstract class OffsiteStoreContract {
    static final long PART = S3Options.MIN_PART_SIZE;

    @TempDir
    Path tmp;
    OffsiteStore store;

    /** A fresh store over an empty prefix; {@code name} tells tests apart. */
    abstract OffsiteStore newStore(String name) throws Exception;

    /** The same bucket under a different prefix, to prove prefixes keep stores apart. */
    abstract OffsiteStore neighbour(String name) throws Exception;

    @BeforeEach
    void open(org.junit.jupiter.api.TestInfo info) throws Exception {
        store = newStore(info.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static Path randomFile(Path dir, String name, long size, long seed) throws IOException {
        Path f = dir.resolve(name);
        Random random = new Random(seed);
        byte[] chunk = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(f)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(left, chunk.length));
            }
        }
        return f;
    }

    static String sha256(Path f) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(f)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    @Test
    void small_file_round_trips_with_its_checksum_recorded() throws Exception {
        Path f = randomFile(tmp, "small.tar.gz", 12_345, 1);
        String sha = sha256(f);
        store.put("backup-20260101-020000-full.tar.gz", f, sha);

        StoredObject head = store.head("backup-20260101-020000-full.tar.gz").orElseThrow();
        assertThat(head.size()).isEqualTo(12_345);
        assertThat(head.sha256()).isEqualTo(sha);
        Path back = tmp.resolve("back");
        assertThat(store.get("backup-20260101-020000-full.tar.gz", back, sha)).isEqualTo(sha);
        assertThat(Files.mismatch(f, back)).isEqualTo(-1);
    }

    @Test
    void file_larger_than_a_part_goes_up_in_parts_and_comes_back_identical() throws Exception {
        long size = 40L * 1024 * 1024 + 12_345;
        Path f = randomFile(tmp, "big.tar.zst", size, 42);
        String sha = sha256(f);
        store.put("backup-20260101-020000-full.tar.zst", f, sha);

        assertThat(store.head("backup-20260101-020000-full.tar.zst").orElseThrow().size()).isEqualTo(size);
        Path back = tmp.resolve("back.tar.zst");
        assertThat(store.get("backup-20260101-020000-full.tar.zst", back, sha)).isEqualTo(sha);
        assertThat(Files.size(back)).isEqualTo(size);
        assertThat(Files.mismatch(f, back)).isEqualTo(-1);
    }

    @Test
    void file_of_exactly_two_parts_round_trips() throws Exception {
        Path f = randomFile(tmp, "two.tar", 2 * PART, 7);
        String sha = sha256(f);
        store.put("backup-20260101-020000-database.tar", f, sha);
        Path back = tmp.resolve("back.tar");
        assertThat(store.get("backup-20260101-020000-database.tar", back, null)).isEqualTo(sha);
    }

    @Test
    void empty_file_round_trips() throws Exception {
        Path f = Files.createFile(tmp.resolve("empty"));
        String sha = sha256(f);
        store.put("backup-20260101-020000-config.tar", f, sha);
        assertThat(store.get("backup-20260101-020000-config.tar", tmp.resolve("back"), sha)).isEqualTo(sha);
        assertThat(Files.size(tmp.resolve("back"))).isZero();
    }

    @Test
    void upload_whose_bytes_do_not_match_the_expected_checksum_is_refused_and_leaves_nothing() throws Exception {
        for (long size : new long[] {1000, 2 * PART + 10}) {
            Path f = randomFile(tmp, "f" + size, size, size);
            String wrong = "0".repeat(64);
            assertThatThrownBy(() -> store.put("backup-20260101-020000-full.tar.gz", f, wrong))
                    .isInstanceOfSatisfying(BackupException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.CORRUPT_ARCHIVE);
                        assertThat(e.getMessage()).contains("SHA-256").contains(wrong);
                    });
            assertThat(store.head("backup-20260101-020000-full.tar.gz")).as("size %d", size).isEmpty();
        }
    }

    @Test
    void download_that_does_not_match_leaves_the_target_untouched() throws Exception {
        Path f = randomFile(tmp, "a", 5000, 3);
        store.put("backup-20260101-020000-full.tar.gz", f, sha256(f));
        Path target = Files.writeString(tmp.resolve("target"), "previous content");

        assertThatThrownBy(() -> store.get("backup-20260101-020000-full.tar.gz", target, "f".repeat(64)))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CORRUPT_ARCHIVE));
        assertThat(Files.readString(target)).isEqualTo("previous content");
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp-"));
        }
    }

    @Test
    void small_objects_round_trip_in_memory_and_oversize_ones_are_refused() {
        byte[] content = "abc  backup-x.tar.gz\n".getBytes(StandardCharsets.US_ASCII);
        store.put("backup-20260101-020000-full.sha256", content);
        assertThat(store.read("backup-20260101-020000-full.sha256", 100)).isEqualTo(content);
        assertThatThrownBy(() -> store.read("backup-20260101-020000-full.sha256", 10))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CORRUPT_ARCHIVE));
    }

    @Test
    void list_gives_names_under_this_prefix_only_in_name_order() throws Exception {
        store.put("backup-20260102-020000-full.json", new byte[] {1});
        store.put("backup-20260101-020000-full.json", new byte[] {2, 3});
        store.put("other.txt", new byte[] {4});
        try (OffsiteStore next = neighbour("list-neighbour")) {
            next.put("backup-20260103-020000-full.json", new byte[] {5});
        }

        List<StoredObject> listed = store.list("backup-");
        assertThat(listed).extracting(StoredObject::name)
                .containsExactly("backup-20260101-020000-full.json", "backup-20260102-020000-full.json");
        assertThat(listed.get(0).size()).isEqualTo(2);
        assertThat(listed.get(0).lastModified()).isNotNull();
        assertThat(store.list("")).hasSize(3);
    }

    @Test
    void delete_removes_and_deleting_a_missing_object_is_fine() {
        store.put("backup-20260101-020000-full.json", new byte[] {1});
        store.delete("backup-20260101-020000-full.json");
        store.delete("backup-20260101-020000-full.json");
        assertThat(store.head("backup-20260101-020000-full.json")).isEmpty();
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void missing_object_has_no_head_and_cannot_be_downloaded() {
        assertThat(store.head("backup-20260101-020000-full.tar.gz")).isEmpty();
        assertThatThrownBy(() -> store.get("backup-20260101-020000-full.tar.gz", tmp.resolve("x"), null))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void location_names_the_object() {
        assertThat(store.location("backup-20260101-020000-full.json")).endsWith("/backup-20260101-020000-full.json");
    }
}
