package io.cartographus.bench;

import io.cartographus.fs.TempFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The benchmark's directories under the work directory. */
record Workspace(Path work) {
    static final String DATABASE = "cartographus.duckdb";

    Path data() {
        return work.resolve("data");
    }

    Path database() {
        return data().resolve(DATABASE);
    }

    Path backups() {
        return work.resolve("backups");
    }

    /** Where the tools write their archives and copies; emptied after each use. */
    Path tools() {
        return work.resolve("tools");
    }

    Path seedMarker() {
        return work.resolve("seed.properties");
    }

    void prepare() throws IOException {
        Files.createDirectories(data());
        Files.createDirectories(backups());
        TempFiles.deleteRecursively(tools());
        Files.createDirectories(tools());
    }

    /** Deletes everything the tools wrote. */
    void clearTools() throws IOException {
        TempFiles.deleteRecursively(tools());
        Files.createDirectories(tools());
    }

    /** A fresh, empty directory under {@link #tools()}. */
    Path emptyToolDir(String name) throws IOException {
        Path d = tools().resolve(name);
        TempFiles.deleteRecursively(d);
        return Files.createDirectories(d);
    }

    /** Removes the previous database files a restore without a pre-restore backup keeps aside. */
    void removeReplacedDatabases() throws IOException {
        try (Stream<Path> s = Files.list(data())) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(DATABASE + ".replaced-")).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
