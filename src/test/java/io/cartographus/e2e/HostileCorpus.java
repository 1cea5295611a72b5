package io.cartographus.e2e;

import io.cartographus.testing.Archives;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hostile requests, as a table: what is sent (exact bytes) and which error statuses are a clear
 * answer. Every one must also carry the {@code {"error":{code,message}}} envelope and change nothing
 * in the data directory; {@link HostileInputIT} runs them against the real server.
 */
final class HostileCorpus {
    record Case(String group, String name, byte[] request, boolean endInput, Set<Integer> expected) {
        @Override
        public String toString() {
            return group + ": " + name;
        }
    }

    /** What the requests refer to: the tokens, one existing backup and its archive's bytes. */
    record Fixture(String admin, String viewer, String existingId, byte[] archive) {
    }

    private static final Set<Integer> BAD = Set.of(400);
    private static final String VALID_MISSING_ID = "20991231-235959-full";
    private static final String EVENT = "{\"id\":\"%s\",\"user_id\":1,\"username\":\"u\",\"title\":\"t\",\"media_type\":\"movie\","
            + "\"started_at\":\"2026-03-01T20:00:00Z\",\"stopped_at\":\"2026-03-01T21:00:00Z\",\"duration_s\":3600,"
            + "\"ip_address\":\"203.0.113.1\",\"platform\":\"Roku\",\"player\":\"TV\",\"city\":\"Berlin\",\"country\":\"DE\","
            + "\"latitude\":52.5,\"longitude\":13.4}";

    private final Fixture f;
    private final List<Case> cases = new ArrayList<>();

    private HostileCorpus(Fixture f) {
        this.f = f;
    }

    static List<Case> all(Fixture f) throws java.io.IOException {
        HostileCorpus c = new HostileCorpus(f);
        c.ids();
        c.listQueries();
        c.createBodies();
        c.restoreBodies();
        c.syncBodies();
        c.headers();
        c.sizes();
        c.ranges();
        c.uploads();
        return c.cases;
    }

    /** Hostile ids on every route that takes one: never a file outside BACKUP_DIR, always 400 (or 404 for a well-formed unknown id). */
    private void ids() {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("parent segment, encoded slash", "..%2Fx");
        ids.put("encoded dot dot slash", "%2e%2e%2f");
        ids.put("deep traversal to /etc/passwd", "..%2F..%2F..%2F..%2Fetc%2Fpasswd");
        ids.put("absolute path", "%2Fetc%2Fpasswd");
        ids.put("NUL alone", "%00");
        ids.put("valid id then NUL", "20260101-020000-full%00.tar.gz");
        ids.put("right-to-left override", "%E2%80%AE20260101-020000-full");
        ids.put("fullwidth dots and slash", "%EF%BC%8E%EF%BC%8E%EF%BC%8Fx");
        ids.put("overlong UTF-8 dots", "%C0%AE%C0%AE%2Fx");
        ids.put("double-encoded traversal", "%252e%252e%252fx");
        ids.put("backslashes", "..%5C..%5Cwindows");
        ids.put("10 KB id", "x".repeat(10_240));
        ids.put("trailing space", "20260101-020000-full%20");
        ids.put("upper case label", "20260101-020000-FULL");
        ids.put("suffix zero", "20260101-020000-full-0");
        ids.put("suffix too long", "20260101-020000-full-9999999");
        ids.put("CRLF header injection", "x%0d%0aX-Injected:%20yes");
        ids.put("file name instead of id", "backup-20260101-020000-full.tar.gz");
        ids.put("glob star", "*");
        ids.put("well-formed but unknown", VALID_MISSING_ID);
        for (Map.Entry<String, String> e : ids.entrySet()) {
            Set<Integer> want = e.getValue().equals(VALID_MISSING_ID) ? Set.of(404) : BAD;
            String id = e.getValue();
            add("id", "GET details, " + e.getKey(), "GET", "/api/v1/backup/" + id, f.admin, null, null, want);
            add("id", "DELETE, " + e.getKey(), "DELETE", "/api/v1/backup/" + id, f.admin, null, null, want);
            add("id", "validate, " + e.getKey(), "POST", "/api/v1/backup/validate/" + id, f.admin, null, null, want);
            add("id", "download, " + e.getKey(), "GET", "/api/v1/backup/download/" + id, f.admin, null, null, want);
            add("id", "restore, " + e.getKey(), "POST", "/api/v1/backup/restore/" + id, f.admin, "application/json", "{}", want);
        }
    }

    private void listQueries() {
        for (String q : List.of("limit=abc", "limit=0", "limit=10001", "limit=99999999999999999999", "offset=-1", "type=bogus",
                "status=..%2Fx", "trigger=%00x", "sort_desc=yes", "limit=-5")) {
            add("query", "list ?" + q, "GET", "/api/v1/backup/list?" + q, f.admin, null, null, BAD);
        }
    }

    private void createBodies() {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("array instead of object", "[]");
        bodies.put("string instead of object", "\"full\"");
        bodies.put("number instead of object", "42");
        bodies.put("JSON null", "null");
        bodies.put("type: number", "{\"type\":1}");
        bodies.put("type: boolean", "{\"type\":true}");
        bodies.put("type: array", "{\"type\":[\"full\"]}");
        bodies.put("type: object", "{\"type\":{}}");
        bodies.put("type: unknown label", "{\"type\":\"everything\"}");
        bodies.put("type: traversal", "{\"type\":\"../full\"}");
        bodies.put("notes: number", "{\"notes\":1}");
        bodies.put("notes: array", "{\"notes\":[\"x\"]}");
        bodies.put("notes: object", "{\"notes\":{}}");
        bodies.put("notes: 501 characters", "{\"notes\":\"" + "n".repeat(501) + "\"}");
        bodies.put("unknown field", "{\"type\":\"config\",\"surprise\":1}");
        bodies.put("field name in another case", "{\"Type\":\"config\"}");
        bodies.put("duplicate key, same value", "{\"type\":\"config\",\"type\":\"config\"}");
        bodies.put("duplicate key, two values", "{\"type\":\"everything\",\"type\":\"config\"}");
        bodies.put("trailing garbage", "{\"type\":\"config\"} garbage");
        bodies.put("two objects", "{\"type\":\"config\"}{\"type\":\"full\"}");
        bodies.put("truncated", "{\"type\":\"config\"");
        bodies.put("nesting 2000 deep", "[".repeat(2000) + "]".repeat(2000));
        bodies.put("notes nested 900 deep", "{\"notes\":" + "[".repeat(900) + "]".repeat(900) + "}");
        bodies.put("huge exponent", "{\"type\":1e999999}");
        bodies.put("5000-digit number", "{\"notes\":" + "9".repeat(5000) + "}");
        bodies.put("NaN", "{\"type\":NaN}");
        bodies.put("single quotes", "{'type':'config'}");
        bodies.put("comment", "{/*x*/\"type\":\"config\"}");
        for (Map.Entry<String, String> e : bodies.entrySet()) {
            add("create", e.getKey(), "POST", "/api/v1/backup/create", f.admin, "application/json", e.getValue(), BAD);
        }
        add("create", "invalid UTF-8", "POST", "/api/v1/backup/create", f.admin, "application/json",
                new byte[]{(byte) 0xff, (byte) 0xfe, '{', '}'}, BAD);
        add("create", "XML content type", "POST", "/api/v1/backup/create", f.admin, "text/xml", "{\"type\":\"config\"}", BAD);
        add("create", "plain text content type", "POST", "/api/v1/backup/create", f.admin, "text/plain", "{\"type\":\"config\"}", BAD);
        add("create", "multipart content type", "POST", "/api/v1/backup/create", f.admin, "multipart/form-data; boundary=x",
                "{\"type\":\"config\"}", BAD);
        add("create", "wait=maybe", "POST", "/api/v1/backup/create?wait=maybe", f.admin, "application/json", "{\"type\":\"config\"}", BAD);
        add("retention", "apply with a field", "POST", "/api/v1/backup/retention/apply", f.admin, "application/json", "{\"dry_run\":true}", BAD);
        add("retention", "apply with an array", "POST", "/api/v1/backup/retention/apply", f.admin, "application/json", "[]", BAD);
    }

    /** Every restore option with every wrong type; all refused before anything is touched. */
    private void restoreBodies() {
        for (String field : List.of("validate_only", "create_pre_restore_backup", "stop_services", "restore_database",
                "restore_config", "force_restore", "verify_after_restore")) {
            for (String bad : List.of("1", "\"true\"", "[]", "{}")) {
                add("restore", field + ": " + bad, "POST", "/api/v1/backup/restore/latest", f.admin, "application/json",
                        "{\"" + field + "\":" + bad + "}", BAD);
            }
        }
        add("restore", "unknown option", "POST", "/api/v1/backup/restore/latest", f.admin, "application/json", "{\"dry_runs\":true}", BAD);
        add("restore", "array body", "POST", "/api/v1/backup/restore/latest", f.admin, "application/json", "[true]", BAD);
        add("restore", "duplicate option", "POST", "/api/v1/backup/restore/latest", f.admin, "application/json",
                "{\"validate_only\":true,\"validate_only\":false}", BAD);
    }

    /** A bad event after two good ones: the whole batch is refused, nothing is written. */
    private void syncBodies() {
        Map<String, String[]> fields = new LinkedHashMap<>();
        fields.put("id", new String[]{"1", "\"\"", "\"" + "i".repeat(201) + "\"", "null", "[]"});
        fields.put("user_id", new String[]{"\"1\"", "1.5", "-1", "1e30", "99999999999999999999", "true", "null"});
        fields.put("username", new String[]{"1", "[]"});
        fields.put("title", new String[]{"{}", "\"" + "t".repeat(1001) + "\""});
        fields.put("media_type", new String[]{"\"film\"", "1"});
        fields.put("started_at", new String[]{"\"yesterday\"", "1", "\"2026-13-01T00:00:00Z\"", "null"});
        fields.put("stopped_at", new String[]{"\"2026-03-01T19:00:00Z\""});
        fields.put("duration_s", new String[]{"\"long\"", "-5", "1.5", "9999999999"});
        fields.put("ip_address", new String[]{"1"});
        fields.put("platform", new String[]{"[]"});
        fields.put("player", new String[]{"{}"});
        fields.put("city", new String[]{"1"});
        fields.put("country", new String[]{"\"DEU\"", "\"de\"", "1"});
        fields.put("latitude", new String[]{"91", "\"52\"", "-90.5"});
        fields.put("longitude", new String[]{"181", "-181", "true"});
        int n = 0;
        for (Map.Entry<String, String[]> e : fields.entrySet()) {
            for (String bad : e.getValue()) {
                String last = EVENT.formatted("bad-" + n++).replaceFirst("\"" + e.getKey() + "\":(\"[^\"]*\"|[-0-9.]+)",
                        "\"" + e.getKey() + "\":" + java.util.regex.Matcher.quoteReplacement(bad));
                add("sync", e.getKey() + ": " + shorten(bad), "POST", "/api/v1/sync", f.admin, "application/json",
                        "[" + good(n) + "," + last + "]", BAD);
            }
        }
        add("sync", "unknown field", "POST", "/api/v1/sync", f.admin, "application/json",
                "[" + EVENT.formatted("u-1").replace("}", ",\"surprise\":1}") + "]", BAD);
        add("sync", "duplicate key in an event", "POST", "/api/v1/sync", f.admin, "application/json",
                "[" + EVENT.formatted("dk-1").replace("{", "{\"user_id\":2,") + "]", BAD);
        add("sync", "duplicate ids in the batch", "POST", "/api/v1/sync", f.admin, "application/json",
                "[" + EVENT.formatted("same") + "," + EVENT.formatted("same") + "]", BAD);
        add("sync", "object instead of array", "POST", "/api/v1/sync", f.admin, "application/json", EVENT.formatted("o-1"), BAD);
        add("sync", "array of numbers", "POST", "/api/v1/sync", f.admin, "application/json", "[1,2]", BAD);
        add("sync", "array of arrays", "POST", "/api/v1/sync", f.admin, "application/json", "[[]]", BAD);
        add("sync", "array with null", "POST", "/api/v1/sync", f.admin, "application/json", "[null]", BAD);
        add("sync", "trailing garbage after the array", "POST", "/api/v1/sync", f.admin, "application/json",
                "[" + EVENT.formatted("tg-1") + "] x", BAD);
        add("sync", "NDJSON with a bad line", "POST", "/api/v1/sync", f.admin, "application/x-ndjson",
                EVENT.formatted("nd-1") + "\n{not json}\n", BAD);
        add("sync", "NDJSON with two values on a line", "POST", "/api/v1/sync", f.admin, "application/x-ndjson",
                EVENT.formatted("nd-2") + " " + EVENT.formatted("nd-3") + "\n", BAD);
        add("sync", "NDJSON with a duplicate key", "POST", "/api/v1/sync", f.admin, "application/x-ndjson",
                EVENT.formatted("nd-4").replace("{", "{\"id\":\"nd-5\",") + "\n", BAD);
        add("sync", "XML content type", "POST", "/api/v1/sync", f.admin, "text/xml", "<events/>", BAD);
        add("sync", "multipart content type", "POST", "/api/v1/sync", f.admin, "multipart/form-data; boundary=x", "[]", BAD);
    }

    private void headers() {
        String stats = "/api/v1/stats";
        add("auth", "no Authorization", "GET", stats, null, null, null, Set.of(401));
        addRaw("auth", "Basic credentials", "GET", stats, Map.of("Authorization", "Basic YWRtaW46YWRtaW4="), null, Set.of(401));
        addRaw("auth", "Bearer without token", "GET", stats, Map.of("Authorization", "Bearer"), null, Set.of(401));
        addRaw("auth", "Bearer with spaces only", "GET", stats, Map.of("Authorization", "Bearer      "), null, Set.of(401));
        addRaw("auth", "10 KB garbage token", "GET", stats, Map.of("Authorization", "Bearer " + "g".repeat(10_240)), null, Set.of(401));
        addRaw("auth", "admin token with a suffix", "GET", stats, Map.of("Authorization", "Bearer " + f.admin + "x"), null, Set.of(401));
        addRaw("auth", "admin token and more words", "GET", stats, Map.of("Authorization", "Bearer " + f.admin + " extra"), null, Set.of(401));
        addRaw("auth", "non-ASCII token", "GET", stats, Map.of("Authorization", "Bearer ü€😀"), null, Set.of(401));
        addRaw("auth", "control character in token", "GET", stats, Map.of("Authorization", "Bearer \u0001\u0002"), null, BAD);
        add("auth", "viewer creates a backup", "POST", "/api/v1/backup/create", f.viewer, "application/json", "{\"type\":\"config\"}", Set.of(403));
        add("auth", "viewer deletes", "DELETE", "/api/v1/backup/" + f.existingId, f.viewer, null, null, Set.of(403));
        add("auth", "viewer restores", "POST", "/api/v1/backup/restore/" + f.existingId, f.viewer, "application/json", "{}", Set.of(403));
        add("auth", "viewer applies retention", "POST", "/api/v1/backup/retention/apply", f.viewer, "application/json", "{}", Set.of(403));
        add("auth", "viewer syncs", "POST", "/api/v1/sync", f.viewer, "application/json", "[" + EVENT.formatted("v-1") + "]", Set.of(403));
        add("auth", "viewer downloads", "GET", "/api/v1/backup/download/" + f.existingId, f.viewer, null, null, Set.of(403));

        for (String override : List.of("DELETE", "delete", "POST")) {
            addRaw("method", "GET with X-HTTP-Method-Override: " + override, "GET", "/api/v1/backup/" + f.existingId,
                    Map.of("Authorization", "Bearer " + f.admin, "X-HTTP-Method-Override", override), null, BAD);
        }

        String create = "/api/v1/backup/create";
        Map<String, String> auth = Map.of("Authorization", "Bearer " + f.admin, "Content-Type", "application/json");
        addRaw("length", "absurd Content-Length", "POST", create, with(auth, "Content-Length", "99999999999"), "{}", Set.of(413));
        addRaw("length", "Content-Length beyond 64 bits", "POST", create, with(auth, "Content-Length", "99999999999999999999999"), "{}", BAD);
        addRaw("length", "negative Content-Length", "POST", create, with(auth, "Content-Length", "-5"), "{}", BAD);
        addRaw("length", "Content-Length not a number", "POST", create, with(auth, "Content-Length", "two"), "{}", BAD);
        cases.add(new Case("length", "two Content-Lengths", ("POST " + create + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer "
                + f.admin + "\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}").getBytes(StandardCharsets.UTF_8), true, BAD));
        addRaw("length", "Content-Length and chunked", "POST", create,
                with(with(auth, "Content-Length", "5"), "Transfer-Encoding", "chunked"), "0\r\n\r\n", BAD);
        addRaw("length", "malformed chunk size", "POST", "/api/v1/sync",
                with(with(auth, "Content-Length", null), "Transfer-Encoding", "chunked"), "ZZ\r\n[]\r\n0\r\n\r\n", BAD);
        cases.add(new Case("length", "body shorter than declared, then hang-up",
                RawHttp.request("POST", "/api/v1/sync", with(auth, "Content-Length", "500"), "[{\"id\"".getBytes(StandardCharsets.UTF_8)),
                true, BAD));

        addRaw("http", "header block over 32 KB", "GET", stats, Map.of("X-Big", "b".repeat(40_000)), null, Set.of(431));
        addRaw("http", "URI over 32 KB", "GET", "/api/v1/backup/list?type=" + "t".repeat(40_000), Map.of(), null, Set.of(414));
        cases.add(new Case("http", "unknown HTTP version", "GET /api/v1/stats HTTP/9.9\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8),
                true, Set.of(505)));
        cases.add(new Case("http", "no Host header", ("GET " + stats + " HTTP/1.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8),
                true, BAD));
        cases.add(new Case("http", "NUL in the path", "GET /api/v1/backup/a\u0000b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8), true, BAD));
        addRaw("http", "absolute URI for another host", "GET", "http://evil.example" + stats, Map.of(), null, BAD);
        add("http", "unknown method", "BREW", stats, f.admin, null, null, Set.of(405));
        add("http", "PUT on create", "PUT", create, f.admin, "application/json", "{}", Set.of(405));
        add("http", "no such route", "GET", "/api/v1/nothing-here", f.admin, null, null, Set.of(404));
    }

    private void sizes() {
        add("size", "create with a 100 KB body", "POST", "/api/v1/backup/create", f.admin, "application/json",
                "{\"notes\":\"x\"" + " ".repeat(100_000) + "}", Set.of(413));
        add("size", "restore with a 1 MB body", "POST", "/api/v1/backup/restore/latest", f.admin, "application/json",
                "{" + " ".repeat(1 << 20) + "}", Set.of(413));
        add("size", "retention apply with a 100 KB body", "POST", "/api/v1/backup/retention/apply", f.admin, "application/json",
                "{" + " ".repeat(100_000) + "}", Set.of(413));
        Map<String, String> sync = Map.of("Authorization", "Bearer " + f.admin, "Content-Type", "application/json",
                "Content-Length", Long.toString(40L << 20));
        addRaw("size", "sync declaring 40 MB", "POST", "/api/v1/sync", sync, "[", Set.of(413));
    }

    /** Byte ranges on a real archive that cannot be served. */
    private void ranges() {
        String path = "/api/v1/backup/download/" + f.existingId;
        for (String range : List.of("bytes=99999999999999999999-", "bytes=99999999999999999999-5", "bytes=5-1",
                "bytes=999999999-", "bytes=-0")) {
            addRaw("range", range, "GET", path, Map.of("Authorization", "Bearer " + f.admin, "Range", range), null, Set.of(416));
        }
    }

    /** Archives an attacker would upload: refused (422), nothing unpacked, nothing kept, nothing written outside. */
    private void uploads() throws java.io.IOException {
        String upload = "/api/v1/backup/upload";
        for (Map.Entry<String, byte[]> a : Archives.from(f.archive).all().entrySet()) {
            add("upload", a.getKey(), "POST", upload, f.admin, "application/gzip", a.getValue(), Set.of(422));
        }
        add("upload", "the same archive again", "POST", upload, f.admin, "application/gzip", f.archive, Set.of(409));
        add("upload", "empty body", "POST", upload, f.admin, "application/gzip", null, Set.of(400, 422));
        add("upload", "as a viewer", "POST", upload, f.viewer, "application/gzip", f.archive, Set.of(403));
        addRaw("upload", "declaring 100 TB", "POST", upload, Map.of("Authorization", "Bearer " + f.admin,
                "Content-Length", Long.toString(100L << 40)), new byte[]{0x1f, (byte) 0x8b}, Set.of(507));
    }

    private void add(String group, String name, String method, String path, String token, String contentType, Object body,
                     Set<Integer> expected) {
        Map<String, String> h = new LinkedHashMap<>();
        if (token != null) {
            h.put("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            h.put("Content-Type", contentType);
        }
        addRaw(group, name, method, path, h, body, expected);
    }

    private void addRaw(String group, String name, String method, String path, Map<String, String> headers, Object body,
                        Set<Integer> expected) {
        byte[] b = body == null ? null : body instanceof byte[] bytes ? bytes : ((String) body).getBytes(StandardCharsets.UTF_8);
        cases.add(new Case(group, name, RawHttp.request(method, path, headers, b), false, expected));
    }

    private static Map<String, String> with(Map<String, String> h, String k, String v) {
        Map<String, String> out = new LinkedHashMap<>(h);
        out.put(k, v);
        return out;
    }

    private static String good(int n) {
        return EVENT.formatted("good-" + n + "-a") + "," + EVENT.formatted("good-" + n + "-b");
    }

    private static String shorten(String s) {
        return s.length() > 24 ? s.substring(0, 12) + "…(" + s.length() + " chars)" : s;
    }
}
