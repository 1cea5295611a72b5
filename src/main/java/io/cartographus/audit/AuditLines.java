package io.cartographus.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The JSON-lines form of {@link AuditEntry}: one object per line, snake_case keys, nulls written as null. */
final class AuditLines {
    private final ObjectMapper json = new ObjectMapper();

    /** The entry as one UTF-8 line ending in '\n', every text field masked. JSON escaping keeps it on one line. */
    byte[] format(AuditEntry e) throws JsonProcessingException {
        ObjectNode node = json.createObjectNode();
        node.put("time", e.time().toString());
        node.put("token_name", SecretMask.mask(e.tokenName()));
        node.put("role", SecretMask.mask(e.role()));
        node.put("action", SecretMask.mask(e.action()));
        node.put("target", SecretMask.mask(e.target()));
        node.put("outcome", SecretMask.mask(e.outcome()));
        node.put("remote_address", SecretMask.mask(e.remoteAddress()));
        node.put("detail", SecretMask.mask(e.detail()));
        return (json.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The entry on this line, or empty if the line is not a well-formed audit entry. */
    Optional<AuditEntry> parse(String line) {
        try {
            JsonNode node = json.readTree(line);
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            String time = text(node, "time");
            String action = text(node, "action");
            String outcome = text(node, "outcome");
            if (time == null || action == null || outcome == null) {
                return Optional.empty();
            }
            return Optional.of(new AuditEntry(Instant.parse(time), text(node, "token_name"), text(node, "role"),
                    action, text(node, "target"), outcome, text(node, "remote_address"), text(node, "detail")));
        } catch (JsonProcessingException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }
}
