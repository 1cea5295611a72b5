package io.cartographus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What must hold in DATA_DIR whenever a server has started (after its start-up reconciliation),
 * whatever happened before: the index agrees with the files, every completed backup has its archive
 * with the recorded checksum ({@code sha256sum -c} on the .sha256 files), nothing is left under a
 * temporary name, no archive lacks a record and no failed backup kept one.
 */
final class Consistency {
    private static final Pattern BACKUP_FILE = Pattern.compile("backup-(.+?)(\\.tar.*|\\.sha256|\\.json|\\.deleting)");

    record Report(Map<String, JsonNode> records, List<String> problems) {
        Set<String> completed() {
            Set<String> out = new TreeSet<>();
            records.forEach((id, r) -> {
                if (r.path("status").asText().equals("completed")) {
                    out.add(id);
                }
            });
            return out;
        }
    }

    private Consistency() {
    }

    static Report check(Path dataDir) throws IOException, InterruptedException {
        return check(dataDir, dataDir.resolve("backups"));
    }

    static Report check(Path dataDir, Path backupDir) throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        Map<String, JsonNode> records = new LinkedHashMap<>();
        JsonNode meta = AppProcess.JSON.readTree(Files.readAllBytes(backupDir.resolve("metadata.json")));
        for (JsonNode r : meta.path("backups")) {
            records.put(r.path("id").asText(), r);
        }
        for (Path dir : List.of(dataDir, backupDir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.map(p -> dir.relativize(p).toString()).filter(n -> n.contains(".tmp-"))
                        .forEach(n -> problems.add("temporary file left after start-up: " + n));
            }
        }
        Map<String, List<String>> filesById = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(backupDir)) {
            for (Path p : files.toList()) {
                Matcher m = BACKUP_FILE.matcher(p.getFileName().toString());
                if (m.matches()) {
                    filesById.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(m.group(2));
                }
            }
        }
        filesById.forEach((id, kinds) -> {
            if (!records.containsKey(id)) {
                problems.add("files without a record: backup-" + id + " " + kinds);
            }
            if (kinds.contains(".deleting")) {
                problems.add("unfinished deletion of " + id);
            }
        });
        for (JsonNode r : records.values()) {
            String id = r.path("id").asText();
            String status = r.path("status").asText();
            List<String> kinds = filesById.getOrDefault(id, List.of());
            if (!kinds.contains(".json")) {
                problems.add(id + " has no sidecar");
            } else {
                JsonNode sidecar = AppProcess.JSON.readTree(Files.readAllBytes(backupDir.resolve("backup-" + id + ".json")));
                if (!sidecar.path("status").asText().equals(status)) {
                    problems.add(id + ": sidecar says " + sidecar.path("status").asText() + ", index says " + status);
                }
            }
            switch (status) {
                case "completed" -> {
                    Path archive = backupDir.resolve(r.path("file_name").asText());
                    Path sum = backupDir.resolve("backup-" + id + ".sha256");
                    if (!Files.exists(archive) || !Files.exists(sum)) {
                        problems.add("completed backup " + id + " lacks its archive or checksum file");
                    } else if (!Files.readString(sum, StandardCharsets.UTF_8).startsWith(r.path("checksum").asText() + "  ")) {
                        problems.add("completed backup " + id + ": .sha256 does not hold the recorded checksum");
                    }
                }
                case "failed" -> {
                    if (kinds.stream().anyMatch(k -> k.startsWith(".tar") || k.equals(".sha256"))) {
                        problems.add("failed backup " + id + " kept archive files " + kinds);
                    }
                }
                case "in_progress" -> problems.add(id + " still in progress after start-up");
                default -> problems.add(id + " is " + status + ": " + r.path("error").asText());
            }
            if (r.path("verification").path("status").asText().equals("failed")) {
                problems.add(id + ": verification failed: " + r.path("verification").path("message").asText());
            }
        }
        if (filesById.values().stream().anyMatch(k -> k.contains(".sha256"))) {
            Process p = new ProcessBuilder("sh", "-c", "sha256sum -c --quiet backup-*.sha256").directory(backupDir.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                problems.add("sha256sum -c failed: " + out.strip());
            }
        }
        return new Report(records, problems);
    }
}
