package io.cartographus.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartographus.config.Compression;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupStatus;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.Trigger;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.testing.TestEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BACKUP_DIR on a real, small filesystem (a tmpfs mounted by the test; needs root, as in CI): a
 * backup that runs out of space mid-write becomes a failed record with a clear error, no partial
 * file is left, and the next backup succeeds once space is freed.
 */
class DiskFullTest {
    @TempDir
    Path tmp;
    private Path mount;

    @BeforeEach
    void mountSmallFilesystem() throws Exception {
        mount = tmp.resolve("small");
        Files.createDirectories(mount);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        boolean ok = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        // Where the machine does not allow mounting, the test is skipped with the reason (the reliability tests run where the machine allows).
        Assumptions.assumeTrue(ok, "mounting a tmpfs needs root (CAP_SYS_ADMIN); not available here: " + out.strip());
    }

    @AfterEach
    void unmount() throws Exception {
        new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
    }

    /** The database on the ordinary disk, BACKUP_DIR on the small one; uncompressed, so archives are as large as the database. */
    private TestEngine.Setup smallBackupDir() {
        return TestEngine.on(tmp.resolve("data")).with("BACKUP_DIR", mount.resolve("backups").toString()).compressed(Compression.NONE);
    }

    @Test
    void running_out_of_space_mid_write_leaves_a_failed_record_and_no_partial_file() throws Exception {
        Path filler = mount.resolve("filler.bin");
        // After the free-space check passes, something else fills the disk (as another program would).
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        BackupListener fillDisk = new BackupListener() {
            @Override
            public void started(BackupRecord r) {
                if (once.getAndSet(true)) {
                    return;
                }
                try (OutputStream out = Files.newOutputStream(filler)) {
                    out.write(new byte[20 << 20]);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        try (TestEngine f = smallBackupDir().start()) {
            f.seed(100_000);
            f.engine().database().checkpoint();
            long dbSize = Files.size(f.engine().database().file());
            assertThat(dbSize).as("the database must be larger than what stays free").isBetween(6L << 20, 20L << 20);

            // Without a margin the free-space check passes, so the disk fills mid-write.
            BackupJob job = f.job(fillDisk, 0);
            assertThatThrownBy(() -> job.run(new BackupRequest(BackupType.DATABASE, Trigger.MANUAL, null)))
                    .isInstanceOfSatisfying(BackupException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.NO_SPACE);
                        assertThat(e.getMessage()).contains("disk full");
                    });
            List<BackupRecord> all = f.engine().catalog().all();
            assertThat(all).hasSize(1);
            assertThat(all.get(0).status()).isEqualTo(BackupStatus.FAILED);
            assertThat(all.get(0).error()).contains("disk full");
            try (Stream<Path> files = Files.list(mount.resolve("backups"))) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .noneMatch(n -> n.contains(".tar")).noneMatch(n -> n.startsWith(".tmp-"));
            }

            Files.delete(filler);
            BackupRecord ok = job.run(new BackupRequest(BackupType.DATABASE, Trigger.MANUAL, null));
            assertThat(ok.status()).isEqualTo(BackupStatus.COMPLETED);
            assertThat(f.engine().verifier().validate(ok)).satisfies(v -> assertThat(v.valid()).as(v.errors().toString()).isTrue());
        }
    }

    @Test
    void too_little_space_before_starting_is_refused_up_front() throws Exception {
        try (TestEngine f = smallBackupDir().start()) {
            assertThatThrownBy(() -> f.backup(BackupType.FULL))
                    .isInstanceOfSatisfying(BackupException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.NO_SPACE);
                        assertThat(e.getMessage()).contains("not enough free space");
                    });
            assertThat(f.engine().catalog().all()).singleElement().extracting(BackupRecord::status).isEqualTo(BackupStatus.FAILED);
        }
    }
}
