package io.cartographus.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.AtomicFile;
import io.cartographus.fs.Permissions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The on-disk form of the token store: {@code {"version":1,"tokens":[{id,name,role,created_at,sha256}]}},
 * written atomically with mode 0600. Reading is strict: a file we cannot fully understand is reported,
 * never treated as empty, because treating it as empty would let the next write destroy every token in it.
 */
final class TokensFile {
    static final int VERSION = 1;
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /** Identifies one version of the file; a new rename gives a new fileKey (inode) even if time and size match. */
    record Stamp(FileTime modified, long size, Object fileKey) {
        static final Stamp ABSENT = new Stamp(null, -1, null);
    }

    private final Path file;
    private final ObjectMapper json = new ObjectMapper();

    TokensFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    Path path() {
        return file;
    }

    Stamp stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
        } catch (NoSuchFileException e) {
            return Stamp.ABSENT;
        } catch (IOException e) {
            throw new BackupException(ErrorKind.INTERNAL, "cannot read the attributes of token store " + file, e);
        }
    }

    /** The stored tokens in file order; empty when the file does not exist yet. */
    List<StoredToken> read() {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new BackupException(ErrorKind.INTERNAL, "cannot read token store " + file + ": " + e.getMessage(),
                    "check that the service user can read it", e);
        }
        try {
            return parse(json.readTree(content));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String reason = e instanceof JsonProcessingException j ? "invalid JSON: " + j.getOriginalMessage() : e.getMessage();
            throw new BackupException(ErrorKind.INTERNAL,
                    "token store " + file + " is unreadable (" + reason + "); it was left untouched: fix it or move it aside",
                    "moving it aside revokes every token in it; the next start then writes a new admin token to admin.token",
                    e);
        } catch (IOException e) {
            throw new BackupException(ErrorKind.INTERNAL, "cannot read token store " + file, e);
        }
    }

    void write(List<StoredToken> tokens) {
        ObjectNode root = json.createObjectNode();
        root.put("version", VERSION);
        ArrayNode array = root.putArray("tokens");
        for (StoredToken t : tokens) {
            ObjectNode node = array.addObject();
            node.put("id", t.info().id());
            node.put("name", t.info().name());
            node.put("role", t.info().role().label());
            node.put("created_at", t.info().createdAt().toString());
            node.put("sha256", HexFormat.of().formatHex(t.sha256()));
        }
        try {
            AtomicFile.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root), Permissions.SECRET);
        } catch (IOException e) {
            throw new BackupException(ErrorKind.INTERNAL, "cannot write token store " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<StoredToken> parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the top level is not a JSON object");
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isInt() || version.intValue() != VERSION) {
            throw new IllegalArgumentException("\"version\" is " + version + ", expected " + VERSION);
        }
        JsonNode array = root.get("tokens");
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("\"tokens\" is missing or not an array");
        }
        List<StoredToken> tokens = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            StoredToken t = parseToken(array.get(i), i);
            if (!ids.add(t.info().id()) || !names.add(t.info().name())) {
                throw new IllegalArgumentException("token #" + i + " repeats the id or name of an earlier token");
            }
            tokens.add(t);
        }
        return List.copyOf(tokens);
    }

    private static StoredToken parseToken(JsonNode node, int index) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("token #" + index + " is not an object");
        }
        String id = text(node, "id", index);
        String name = text(node, "name", index);
        Role role = Role.parse(text(node, "role", index));
        if (role == null) {
            throw new IllegalArgumentException("token #" + index + " has an unknown role");
        }
        Instant createdAt;
        try {
            createdAt = Instant.parse(text(node, "created_at", index));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("token #" + index + " has an invalid created_at", e);
        }
        String hash = text(node, "sha256", index);
        if (!SHA256_HEX.matcher(hash).matches()) {
            throw new IllegalArgumentException("token #" + index + " has an invalid sha256 (64 lower-case hex digits expected)");
        }
        return new StoredToken(new TokenInfo(id, name, role, createdAt), HexFormat.of().parseHex(hash));
    }

    private static String text(JsonNode node, String field, int index) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new IllegalArgumentException("token #" + index + " has no \"" + field + "\" string");
        }
        return value.textValue();
    }
}
