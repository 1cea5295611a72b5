package io.cartographus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.engine.Engine;
import io.cartographus.host.PlaybackFilter;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", description = "List backups, newest first.")
final class BackupList extends BackupVerb {
    @Option(names = "--type") String type;
    @Option(names = "--status") String status;
    @Option(names = "--trigger") String trigger;
    @Option(names = "--limit", defaultValue = "100") int limit;
    @Option(names = "--offset", defaultValue = "0") int offset;
    @Option(names = "--oldest-first", description = "Sort oldest first") boolean oldestFirst;
    @Option(names = "--before", paramLabel = "RFC3339", description = "Only backups created before this time, e.g. 2026-01-15T10:00:00Z") String before;
    @Option(names = "--after", paramLabel = "RFC3339", description = "Only backups created at or after this time") String after;

    BackupList(Wiring wiring) {
        super(wiring);
    }

    private String query() {
        List<String> q = new ArrayList<>();
        add(q, "type", type);
        add(q, "status", status);
        add(q, "trigger", trigger);
        add(q, "limit", Integer.toString(limit));
        add(q, "offset", Integer.toString(offset));
        add(q, "sort_desc", Boolean.toString(!oldestFirst));
        add(q, "before", before);
        add(q, "after", after);
        return "/api/v1/backup/list?" + String.join("&", q);
    }

    private static void add(List<String> q, String k, String v) {
        if (v != null) {
            q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
        }
    }

    @Override
    int api(ApiClient client) throws IOException {
        show(client.get(query()));
        return ExitCodes.OK;
    }

    @Override
    int offline(Engine engine) throws IOException {
        java.time.Instant until = before == null ? null : PlaybackFilter.instant("--before", before);
        java.time.Instant from = after == null ? null : PlaybackFilter.instant("--after", after);
        List<JsonNode> picked = new ArrayList<>();
        engine.catalog().all().forEach(r -> {
            JsonNode b = tree(r);
            if ((until == null || r.createdAt().isBefore(until)) && (from == null || !r.createdAt().isBefore(from)) && (type == null || type.equals(b.path("type").asText())) && (status == null || status.equals(b.path("status").asText()))
                    && (trigger == null || trigger.equals(b.path("trigger").asText()))) {
                picked.add(b);
            }
        });
        if (oldestFirst) {
            java.util.Collections.reverse(picked);
        }
        var node = json.createObjectNode();
        var arr = node.putArray("backups");
        picked.stream().skip(offset).limit(limit).forEach(arr::add);
        node.put("total", picked.size());
        show(node);
        return ExitCodes.OK;
    }

    private void show(JsonNode page) throws IOException {
        if (connection.json) {
            print(page);
            return;
        }
        out.println(Human.header());
        page.path("backups").forEach(b -> out.println(Human.line(b)));
        out.println(page.path("total").asInt() + " backup(s)");
    }
}
