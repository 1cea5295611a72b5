package io.cartographus.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NativeLibraryLeftoversTest {
    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("libduckdb_java123456789.so", Duration.ofHours(3), true),
                Arguments.of("libduckdb_java1.so", Duration.ofMinutes(10), true),
                Arguments.of("libduckdb_java1.so", Duration.ofMinutes(9), false),
                Arguments.of("libduckdb_java1.so", Duration.ofMinutes(-5), false),
                Arguments.of("libduckdb_java.so", Duration.ofHours(3), false),
                Arguments.of("libduckdb_java1.so.bak", Duration.ofHours(3), false),
                Arguments.of("libduckdb_javaX1.so", Duration.ofHours(3), false),
                Arguments.of("liblz4-java123.so", Duration.ofHours(3), false),
                Arguments.of("cartographus.duckdb", Duration.ofHours(3), false));
    }

    @ParameterizedTest(name = "{0}, {1} old: {2}")
    @MethodSource("cases")
    void only_old_copies_of_the_library_are_leftovers(String name, Duration age, boolean leftover) {
        assertThat(NativeLibraryLeftovers.isLeftover(name, NOW.minus(age), NOW)).isEqualTo(leftover);
    }

    @Test
    void removes_old_copies_and_keeps_young_ones_other_files_and_what_links_point_to(@TempDir Path tmp) throws Exception {
        Path old = old(Files.write(tmp.resolve("libduckdb_java42.so"), new byte[3 << 20]));
        Path young = Files.write(tmp.resolve("libduckdb_java43.so"), new byte[10]);
        Files.setLastModifiedTime(young, FileTime.from(NOW.minus(Duration.ofMinutes(1))));
        Path other = old(Files.write(tmp.resolve("libzstd-jni-1.5.so"), new byte[10]));
        Path dir = old(Files.createDirectory(tmp.resolve("libduckdb_java44.so")));
        Path target = old(Files.write(tmp.resolve("kept-target"), new byte[10]));
        Path link = Files.createSymbolicLink(tmp.resolve("libduckdb_java45.so"), target);

        NativeLibraryLeftovers.Removed r = NativeLibraryLeftovers.remove(tmp, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(r.files()).containsExactly(old);
        assertThat(r.bytes()).isEqualTo(3 << 20);
        assertThat(old).doesNotExist();
        assertThat(young).exists();
        assertThat(other).exists();
        assertThat(dir).isDirectory();
        assertThat(link).isSymbolicLink();
        assertThat(target).exists();
    }

    @Test
    void a_missing_directory_removes_nothing_and_does_not_throw(@TempDir Path tmp) {
        NativeLibraryLeftovers.Removed r = NativeLibraryLeftovers.remove(tmp.resolve("absent"), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(r.files()).isEmpty();
        assertThat(r.bytes()).isZero();
    }

    private static Path old(Path p) throws Exception {
        Files.setLastModifiedTime(p, FileTime.from(NOW.minus(Duration.ofHours(2))));
        return p;
    }
}
