package io.cartographus.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteBehindTest {
    @TempDir
    Path tmp;

    @Test
    void writes_every_byte_and_flushes_along_the_way() throws IOException {
        Path file = tmp.resolve("f");
        byte[] content = new byte[3_000_000];
        new Random(1).nextBytes(content);
        Random sizes = new Random(2);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            WriteBehind out = new WriteBehind(ch, 256 * 1024);
            int at = 0;
            while (at < content.length) {
                if (sizes.nextInt(20) == 0) {
                    out.write(content[at++]);
                    continue;
                }
                int n = Math.min(content.length - at, 1 + sizes.nextInt(200_000));
                out.write(content, at, n);
                at += n;
            }
            out.sync();
            assertThat(out.flushes()).as("background flushes while writing").isBetween(1, 12);
            out.close();
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void small_files_are_never_flushed_in_the_background() throws IOException {
        try (FileChannel ch = FileChannel.open(tmp.resolve("small"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            WriteBehind out = new WriteBehind(ch, WriteBehind.DEFAULT_INTERVAL);
            out.write(new byte[100_000]);
            out.sync();
            assertThat(out.flushes()).isZero();
        }
    }

    @Test
    void sync_fails_when_the_file_can_no_longer_be_written() throws IOException {
        FileChannel ch = FileChannel.open(tmp.resolve("g"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        WriteBehind out = new WriteBehind(ch, 1);
        ch.close();
        // The write fails at once on a closed channel; the point is that sync never reports success.
        assertThatThrownBy(() -> out.write(new byte[10])).isInstanceOf(IOException.class);
        assertThatThrownBy(out::sync).isInstanceOf(IOException.class);
    }

    @Test
    void atomic_file_content_is_complete_after_commit() throws IOException {
        Path target = tmp.resolve("archive.bin");
        byte[] content = new byte[5_000_000];
        new Random(3).nextBytes(content);
        try (AtomicFile.Writing w = AtomicFile.begin(target, null)) {
            w.stream().write(content);
            w.commit();
        }
        assertThat(Files.readAllBytes(target)).isEqualTo(content);
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("archive.bin");
        }
    }
}
