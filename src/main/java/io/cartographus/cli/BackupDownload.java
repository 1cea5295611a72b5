package io.cartographus.cli;

import io.cartographus.engine.Engine;
import io.cartographus.catalog.BackupId;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "download", description = "Copy a backup's archive to a file (default: its own name in the current directory).")
final class BackupDownload extends BackupVerb {
    @Parameters(paramLabel = "ID") String id;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE") Path output;

    BackupDownload(Wiring wiring) {
        super(wiring);
    }

    @Override
    int api(ApiClient client) throws IOException {
        BackupId.require(id);
        String name = client.get("/api/v1/backup/" + id).path("file_name").asText("backup-" + id + ".tar.gz");
        Path target = target(name);
        Path tmp = target.resolveSibling(AtomicFile.TEMP_PREFIX + target.getFileName() + AtomicFile.TEMP_SUFFIX);
        String checksum = client.download("/api/v1/backup/download/" + id, tmp);
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        out.println("saved " + target + (checksum == null ? "" : " (" + checksum + ")"));
        return ExitCodes.OK;
    }

    @Override
    int offline(Engine engine) throws IOException {
        BackupRecord r = engine.catalog().get(BackupId.require(id))
                .orElseThrow(() -> new BackupException(ErrorKind.NOT_FOUND, "backup " + id + " not found"));
        if (r.fileName() == null) {
            throw new BackupException(ErrorKind.NOT_FOUND, "backup " + id + " has no archive (status " + r.status().label() + ")");
        }
        Path target = target(r.fileName());
        Path tmp = target.resolveSibling(AtomicFile.TEMP_PREFIX + target.getFileName() + AtomicFile.TEMP_SUFFIX);
        Files.copy(engine.catalog().files().archive(r.fileName()), tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        out.println("saved " + target + " (sha256=" + r.checksum() + ")");
        return ExitCodes.OK;
    }

    private Path target(String name) {
        Path t = output == null ? Path.of(name) : output;
        if (Files.isDirectory(t)) {
            t = t.resolve(name);
        }
        return t.toAbsolutePath();
    }
}
