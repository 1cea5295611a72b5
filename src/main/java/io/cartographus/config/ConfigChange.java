package io.cartographus.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One setting a configuration restore changes at the next start: its value now, and after. */
public record ConfigChange(@JsonProperty("name") String name, @JsonProperty("from") String from, @JsonProperty("to") String to) {
    @Override
    public String toString() {
        return name + ": " + shown(from) + " → " + shown(to);
    }

    private static String shown(String v) {
        return v == null || v.isEmpty() ? "(unset)" : v;
    }
}
